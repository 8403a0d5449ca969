// Opens a workbook with SheetJS or ExcelJS, as web systems that take
// uploads do, and prints what that reader found as JSON: the non-empty
// cells on each sheet and the document properties. Used by the export
// tests (export/readers_test.go); run `make deps-test` to install.
//
//   node read.js sheetjs|exceljs FILE.xlsx
'use strict';

const [lib, file] = process.argv.slice(2);

function blank(v) {
  return v === undefined || v === null || v === '';
}

function iso(d) {
  return d instanceof Date && !isNaN(d) ? d.toISOString().replace(/\.000Z$/, 'Z') : String(d || '');
}

async function sheetjs() {
  const XLSX = require('xlsx');
  const wb = XLSX.readFile(file, { cellDates: false });
  const sheets = wb.SheetNames.map((name) => {
    const ws = wb.Sheets[name];
    let cells = 0;
    for (const ref of Object.keys(ws)) {
      if (ref[0] !== '!' && !blank(ws[ref].v)) cells++;
    }
    return { name, cells };
  });
  const p = wb.Props || {};
  return { sheets, props: { title: p.Title, subject: p.Subject, creator: p.Author, created: iso(p.CreatedDate), modified: iso(p.ModifiedDate) } };
}

async function exceljs() {
  const ExcelJS = require('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheets = [];
  wb.eachSheet((ws) => {
    let cells = 0;
    ws.eachRow({ includeFull: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        // The other cells of a merged range repeat the first one's value.
        if (cell.type !== ExcelJS.ValueType.Merge && !blank(cell.value)) cells++;
      });
    });
    sheets.push({ name: ws.name, cells });
  });
  return { sheets, props: { title: wb.title, subject: wb.subject, creator: wb.creator, created: iso(wb.created), modified: iso(wb.modified) } };
}

const readers = { sheetjs, exceljs };
if (!readers[lib] || !file) {
  console.error('usage: node read.js sheetjs|exceljs FILE.xlsx');
  process.exit(2);
}
readers[lib]().then(
  (out) => console.log(JSON.stringify(out)),
  (err) => {
    console.error(String(err && err.stack ? err.stack : err));
    process.exit(1);
  },
);
