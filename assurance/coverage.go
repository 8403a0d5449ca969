package assurance

// AreaCoverage is how well one action area is covered by questions and evidence.
type AreaCoverage struct {
	Area       *ActionArea
	Questions  int
	Open       int // not closed
	Overdue    int
	Unassessed int // answered or closed but not yet given a level, or awaiting response
	Evidence   int
	// Levels counts the current assurance level of each question in the area.
	Levels map[AssuranceLevel]int
	// Weakest is the weakest level given on any question in the area, or
	// NotAssessed if none has been assessed.
	Weakest AssuranceLevel
	// Latest is the level given on the most recent response in the area.
	Latest       AssuranceLevel
	LastReviewed Date // the latest response date
}

// Summary is the picture of a log a board paper and the dashboard show.
type Summary struct {
	Framework  *Framework
	Today      Date
	Areas      []*AreaCoverage // in framework order
	Questions  int
	ByStatus   map[Status]int
	ByLevel    map[AssuranceLevel]int
	Open       int
	Overdue    int
	Unassessed int
	Evidence   int
	// Areas needing the Guardian's attention.
	NoQuestions []*ActionArea // no question at all
	NoEvidence  []*ActionArea // questions but no evidence
	OnlyWeak    []*ActionArea // assessed, and every assessed level Limited or No assurance
}

// Summarise computes coverage of framework fw by qs (questions in any
// framework; only fw's are counted) and ev. today decides what is overdue.
func Summarise(fw *Framework, qs []*Question, ev []*Evidence, today Date) *Summary {
	s := &Summary{
		Framework: fw, Today: today,
		ByStatus: map[Status]int{}, ByLevel: map[AssuranceLevel]int{},
	}
	byArea := map[string]*AreaCoverage{}
	for _, a := range fw.Areas() {
		c := &AreaCoverage{Area: a, Levels: map[AssuranceLevel]int{}, Weakest: NotAssessed, Latest: NotAssessed}
		byArea[a.ID] = c
		s.Areas = append(s.Areas, c)
	}
	qArea := map[int64]*AreaCoverage{}
	for _, q := range qs {
		if q.Framework != "" && q.Framework != fw.ID {
			continue
		}
		c := byArea[q.Area]
		if c == nil {
			continue
		}
		qArea[q.ID] = c
		level := q.Level
		if level == "" {
			level = NotAssessed
		}
		s.Questions++
		c.Questions++
		s.ByStatus[q.Status]++
		s.ByLevel[level]++
		c.Levels[level]++
		if q.Open() {
			s.Open++
			c.Open++
		}
		if q.Overdue(today) {
			s.Overdue++
			c.Overdue++
		}
		if !level.Assessed() {
			s.Unassessed++
			c.Unassessed++
		} else if !c.Weakest.Assessed() || level.Rank() < c.Weakest.Rank() {
			c.Weakest = level
		}
		if level.Assessed() && (!c.Latest.Assessed() || onOrAfter(q.RespondedOn, c.LastReviewed)) {
			c.LastReviewed = q.RespondedOn
			c.Latest = level
		}
	}
	for _, e := range ev {
		if c := qArea[e.QuestionID]; c != nil {
			c.Evidence++
			s.Evidence++
		}
	}
	for _, c := range s.Areas {
		switch {
		case c.Questions == 0:
			s.NoQuestions = append(s.NoQuestions, c.Area)
		case c.Evidence == 0:
			s.NoEvidence = append(s.NoEvidence, c.Area)
		}
		if assessed := c.Questions - c.Unassessed; assessed > 0 && c.Levels[Limited]+c.Levels[NoAssurance] == assessed {
			s.OnlyWeak = append(s.OnlyWeak, c.Area)
		}
	}
	return s
}

// onOrAfter reports whether a is no earlier than b, a missing date counting as earliest.
func onOrAfter(a, b Date) bool { return b.IsZero() || (!a.IsZero() && !a.Before(b)) }
