import assert from 'node:assert/strict';
import { parseStaffCsv } from '../../../src/core/duties/csv-import';

const HEADER = 'email,name,role,start_date,last_training_date,last_aua_date';
// The school's calendar date the checks are made on (the CLI takes it from the clock).
const TODAY = '2026-11-23';

describe('duties: staff CSV import', () => {
  it('reads quoted fields with commas and doubled quotes', () => {
    const { rows, errors } = parseStaffCsv(`${HEADER}\na@s.t,"Reid, Jordan ""JJ""",staff,,,\n`, TODAY);
    assert.deepEqual(errors, []);
    assert.equal(rows[0]?.name, 'Reid, Jordan "JJ"');
  });

  it('names the line of a stray or unclosed quote, and still checks the lines before it', () => {
    const text = [HEADER, 'a"b@s.t,A,staff,,,', 'bad,B,staff,,,', '"c@s.t"x,C,staff,,,', 'never@s.t,"Never,staff,,,'].join('\n');
    assert.deepEqual(parseStaffCsv(text, TODAY).errors, [
      'line 2: a quote inside an unquoted field',
      'line 3: email "bad" is not an email address',
      'line 4: text after a closing quote',
    ]);
    assert.deepEqual(parseStaffCsv(`${HEADER}\nok@s.t,Ok,staff,,,\nx@s.t,"Open,staff,,,\ny@s.t,Y,staff,,,\n`, TODAY).errors, ['line 3: a quoted field is not closed']);
  });

  it('reads a quoted field that runs over two lines as one record, counting lines as the file has them', () => {
    const text = `${HEADER}\na@s.t,"Ann\nAnn",staff,,,\nb@s.t,"B",staff,,,\nbad,C,staff,,,\n`;
    assert.deepEqual(parseStaffCsv(text, TODAY).errors, [
      // A newline is no part of a name, so it is refused like any control character, on the line the record starts.
      'line 2: name contains a control character (U+000A); remove it',
      'line 5: email "bad" is not an email address',
    ]);
    const { rows } = parseStaffCsv(`${HEADER}\na@s.t,"Ann\n",staff,,,\nb@s.t,B,staff,,,\n`, TODAY);
    assert.deepEqual(rows.map((r) => [r.line, r.name]), [[2, 'Ann'], [4, 'B']]);
  });

  it('ignores the byte order mark Excel puts at the start of a "CSV UTF-8" file', () => {
    const { rows, errors } = parseStaffCsv(`\uFEFF${HEADER}\njo@s.t,Jo,staff,,,\n`, TODAY);
    assert.deepEqual(errors, []);
    assert.deepEqual(rows.map((r) => [r.line, r.email]), [[2, 'jo@s.t']]);
  });

  it('reads a file with Windows line ends, leaving no carriage return in the last field', () => {
    const { rows, errors } = parseStaffCsv(`${HEADER}\r\njo@s.t,Jo,staff,,,2026-09-01\r\nbad,X,staff,,,\r\n`, TODAY);
    assert.deepEqual(errors, ['line 3: email "bad" is not an email address']);
    assert.deepEqual(rows.map((r) => r.lastAua), ['2026-09-01']);
  });

  it('reads valid rows, lower-casing emails and defaulting the role to staff', () => {
    const { rows, errors } = parseStaffCsv(`${HEADER}\r\nJo@School.Test,Jo,,2027-02-15,2026-09-01,\n\n`, TODAY);
    assert.deepEqual(errors, []);
    assert.deepEqual(rows, [{ line: 2, email: 'jo@school.test', name: 'Jo', role: 'staff', startDate: '2027-02-15', lastTraining: '2026-09-01', lastAua: null, leftOn: null }]);
  });

  it('reports every problem with its line number, and returns no rows to import when any line is wrong', () => {
    const text = [HEADER, 'ok@s.t,Ok,staff,,,', 'bad,X,teacher,2026-02-30,,', 'ok@s.t,Again,staff,,,', 'x@s.t,X,staff'].join('\n');
    const { errors } = parseStaffCsv(text, TODAY);
    assert.deepEqual(errors, [
      'line 3: email "bad" is not an email address',
      'line 3: role "teacher" must be one of dsl, deputy_dsl, online_safety_lead, headteacher, chair_of_governors, online_safety_governor, ict_lead, staff',
      'line 3: start_date "2026-02-30" must be a date written YYYY-MM-DD',
      'line 4: email ok@s.t is already on line 2',
      'line 5: expected 6 fields, found 3',
    ]);
  });

  it('reads an optional left_date column, checks it is a date, and keeps seven fields per line', () => {
    const { rows, errors } = parseStaffCsv(`${HEADER},left_date\ngone@s.t,Gone,staff,,,,2026-10-31\nstay@s.t,Stay,staff,,,,\n`, TODAY);
    assert.deepEqual(errors, []);
    assert.deepEqual(rows.map((r) => r.leftOn), ['2026-10-31', null]);
    assert.deepEqual(parseStaffCsv(`${HEADER},left_date\nx@s.t,X,staff,,,,31/10/2026\ny@s.t,Y,staff,,,\n`, TODAY).errors, ['line 2: left_date "31/10/2026" must be a date written YYYY-MM-DD', 'line 3: expected 7 fields, found 6']);
  });

  it('refuses a file whose header is not the expected one', () => {
    assert.match(parseStaffCsv('email,name\n', TODAY).errors[0] ?? '', /^line 1: the header must be exactly/);
  });

  describe('hostile and mistaken values', () => {
    const one = (row: string) => parseStaffCsv(`${HEADER}\nok@s.t,Ok,staff,,,\n${row}\n`, TODAY);

    it('refuses training and AUA dates after today, naming the line, the column and today', () => {
      const { rows, errors } = one('jo@s.t,Jo,staff,,2026-11-24,2027-01-01');
      assert.deepEqual(rows.map((r) => r.email), ['ok@s.t']);
      assert.deepEqual(errors, [
        'line 3: last_training_date 2026-11-24 is in the future (today is 2026-11-23): give the date it was done',
        'line 3: last_aua_date 2027-01-01 is in the future (today is 2026-11-23): give the date it was done',
      ]);
    });

    it('accepts training and AUA done today, and a start date or leaving date still to come', () => {
      const { errors } = parseStaffCsv(`${HEADER},left_date\njo@s.t,Jo,staff,2027-01-04,2026-11-23,2026-11-23,2027-07-23\n`, TODAY);
      assert.deepEqual(errors, []);
    });

    it('takes "today" from the caller, so the same file passes a day later', () => {
      assert.equal(one('jo@s.t,Jo,staff,,2026-11-24,').errors.length, 1);
      assert.deepEqual(parseStaffCsv(`${HEADER}\njo@s.t,Jo,staff,,2026-11-24,\n`, '2026-11-24').errors, []);
    });

    it('refuses dates that do not exist, such as 30 February', () => {
      assert.deepEqual(one('jo@s.t,Jo,staff,,2026-02-30,2025-13-01').errors, [
        'line 3: last_training_date "2026-02-30" must be a date written YYYY-MM-DD',
        'line 3: last_aua_date "2025-13-01" must be a date written YYYY-MM-DD',
      ]);
    });

    it('refuses a name over 200 characters, counting characters rather than UTF-16 units', () => {
      assert.deepEqual(one(`jo@s.t,${'a'.repeat(201)},staff,,,`).errors, ['line 3: name is 201 characters long; at most 200 are accepted']);
      assert.deepEqual(one(`jo@s.t,${'😀'.repeat(200)},staff,,,`).errors, [], 'two hundred emoji are two hundred characters');
    });

    it('refuses an email address over 254 characters without echoing it', () => {
      const long = `${'a'.repeat(250)}@s.test`;
      assert.deepEqual(one(`${long},Jo,staff,,,`).errors, ['line 3: email is 257 characters long; an email address has at most 254']);
    });

    for (const [what, ch] of [['a bell (C0)', '\u0007'], ['an escape (C0)', '\u001b'], ['a tab', '\t'], ['a carriage return', '\r'], ['DEL', '\u007f'], ['a C1 control', '\u009b'], ['NUL', '\u0000']] as const) {
      it(`refuses ${what} in any field, naming the column and the code point, and never echoes the field`, () => {
        const { rows, errors } = one(`jo@s.t,Jo${ch}Smith,staff,,,`);
        assert.deepEqual(rows.length, 1);
        assert.equal(errors.length, 1);
        assert.match(errors[0]!, new RegExp(`^line 3: name contains a control character \\(U\\+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}\\); remove it$`));
        assert.doesNotMatch(errors[0]!, /Jo|Smith/);
      });
    }

    it('finds control characters in the email and role columns too', () => {
      assert.deepEqual(one('jo@s.t\u0008,Jo,sta\u0085ff,,,').errors, ['line 3: email contains a control character (U+0008); remove it', 'line 3: role contains a control character (U+0085); remove it']);
    });

    for (const cp of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) {
      it(`refuses the text-direction override U+${cp.toString(16).toUpperCase()}`, () => {
        assert.deepEqual(one(`jo@s.t,Jo ${String.fromCodePoint(cp)}evE,staff,,,`).errors, [`line 3: name contains a text-direction override (U+${cp.toString(16).toUpperCase()}), which can disguise what it says; remove it`]);
      });
    }

    it('tells the person to save as CSV UTF-8 when the bytes were not UTF-8', () => {
      const latin1 = Buffer.from(`${HEADER}\njo@s.t,Zo\xeb,staff,,,\n`, 'latin1').toString('utf8');
      assert.deepEqual(parseStaffCsv(latin1, TODAY).errors, ['line 2: name is not UTF-8 text: save the file as "CSV UTF-8" and import it again']);
    });

    it('treats an email written with a composed and a decomposed accent as the same address', () => {
      assert.deepEqual(one('ok@s.t,Again,staff,,,').errors, ['line 3: email ok@s.t is already on line 2']);
      const { errors } = parseStaffCsv(`${HEADER}\nren\u00e9@s.t,René,staff,,,\nrene\u0301@s.t,René,staff,,,\n`, TODAY);
      assert.deepEqual(errors, ['line 3: email ren\u00e9@s.t is already on line 2']);
    });

    it('keeps names in other scripts and with accents', () => {
      const { rows, errors } = one('jo@s.t,"Zoë O\'Brien-Łukasz 王芳 محمد",staff,,,');
      assert.deepEqual(errors, []);
      assert.equal(rows[1]?.name, "Zoë O'Brien-Łukasz 王芳 محمد");
    });

    it('cuts an echoed value short, so a long wrong field does not flood the screen', () => {
      const [e] = one(`jo@s.t,Jo,${'x'.repeat(500)},,,`).errors;
      assert.ok(e!.length < 250, e);
      assert.match(e!, /role "x{40}…" must be one of/);
    });

    it('refuses a file with more than 200,000 rows as a whole, in one message', () => {
      const text = `${HEADER}\n${Array.from({ length: 200_001 }, (_, i) => `p${i}@s.t,P,staff,,,`).join('\n')}\n`;
      const { rows, errors } = parseStaffCsv(text, TODAY);
      assert.deepEqual(rows, []);
      assert.deepEqual(errors, ['line 1: the file has more than 200,000 staff rows; split it into smaller files']);
    });
  });
});
