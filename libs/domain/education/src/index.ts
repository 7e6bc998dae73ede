// @care/education-rules — the education department's rules (市教体局): grades, schools,
// enrolments, roster import, student aid, local entrance exams. Pure, no I/O.
export * from './problem';
export * from './cells';
export * from './school-year';
export * from './grades';
export * from './parse-grade';
export * from './grade-age';
export * from './school-code';
export * from './school';
export * from './stage-text';
export * from './school-row';
export * from './placement';
export * from './enrolment';
export * from './roster-row';
export * from './family-difficulty';
export * from './benefits';
export * from './exam-eligibility';
