// @care/excel — reading import workbooks and writing their row-level problem reports (exceljs),
// shared by every service that takes a department's list as Excel.
export * from './cell';
export * from './sheet-reader';
export * from './problem-report';
export * from './utf8-safe-reader';
