import assert from 'node:assert/strict';
import { parseStaffCsv, splitCsvLine } from '../../../src/core/duties/csv-import';

const HEADER = 'email,name,role,start_date,last_training_date,last_aua_date';

describe('duties: staff CSV import', () => {
  it('splits quoted fields with commas and doubled quotes', () => {
    assert.deepEqual(splitCsvLine('a@s.t,"Reid, Jordan ""JJ""",staff,,,'), ['a@s.t', 'Reid, Jordan "JJ"', 'staff', '', '', '']);
    assert.throws(() => splitCsvLine('"open,x'), /not closed/);
    assert.throws(() => splitCsvLine('a"b,c'), /quote inside/);
  });

  it('reads valid rows, lower-casing emails and defaulting the role to staff', () => {
    const { rows, errors } = parseStaffCsv(`${HEADER}\r\nJo@School.Test,Jo,,2027-02-15,2026-09-01,\n\n`);
    assert.deepEqual(errors, []);
    assert.deepEqual(rows, [{ line: 2, email: 'jo@school.test', name: 'Jo', role: 'staff', startDate: '2027-02-15', lastTraining: '2026-09-01', lastAua: null, leftOn: null }]);
  });

  it('reports every problem with its line number, and returns no rows to import when any line is wrong', () => {
    const text = [HEADER, 'ok@s.t,Ok,staff,,,', 'bad,X,teacher,2026-02-30,,', 'ok@s.t,Again,staff,,,', 'x@s.t,X,staff'].join('\n');
    const { errors } = parseStaffCsv(text);
    assert.deepEqual(errors, [
      'line 3: email "bad" is not an email address',
      'line 3: role "teacher" must be one of dsl, deputy_dsl, online_safety_lead, headteacher, chair_of_governors, online_safety_governor, ict_lead, staff',
      'line 3: start_date "2026-02-30" must be a date written YYYY-MM-DD',
      'line 4: email ok@s.t is already on line 2',
      'line 5: expected 6 fields, found 3',
    ]);
  });

  it('reads an optional left_date column, checks it is a date, and keeps seven fields per line', () => {
    const { rows, errors } = parseStaffCsv(`${HEADER},left_date\ngone@s.t,Gone,staff,,,,2026-10-31\nstay@s.t,Stay,staff,,,,\n`);
    assert.deepEqual(errors, []);
    assert.deepEqual(rows.map((r) => r.leftOn), ['2026-10-31', null]);
    assert.deepEqual(parseStaffCsv(`${HEADER},left_date\nx@s.t,X,staff,,,,31/10/2026\ny@s.t,Y,staff,,,\n`).errors, ['line 2: left_date "31/10/2026" must be a date written YYYY-MM-DD', 'line 3: expected 7 fields, found 6']);
  });

  it('refuses a file whose header is not the expected one', () => {
    assert.match(parseStaffCsv('email,name\n').errors[0] ?? '', /^line 1: the header must be exactly/);
  });
});
