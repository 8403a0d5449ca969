package export

// Lines exposes the row-height estimate to the tests.
var Lines = lines
