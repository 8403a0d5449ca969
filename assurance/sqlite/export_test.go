package sqlite

// SetAttachPlan changes how AttachEvidence stores a file and the page size of
// logs created afterwards, so that the benchmarks can measure each choice. It
// returns a function that puts the defaults back.
func SetAttachPlan(chunk int, readAhead, rollback bool, pageSize int) (restore func()) {
	savedPlan, savedPage := attachPlan, newLogPageSize
	attachPlan.chunk, attachPlan.readAhead, attachPlan.rollback = chunk, readAhead, rollback
	newLogPageSize = pageSize
	return func() { attachPlan, newLogPageSize = savedPlan, savedPage }
}
