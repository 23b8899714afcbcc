import assert from 'node:assert/strict';
import { misFormat, parseMisFiles } from '../../../src/core/pupils/mis-import';
import { pupilName } from '../../../src/core/pupils/model';
import { asMap, misFiles, pupilId } from '../../helpers/mis-files';

const TODAY = '2026-12-04';

describe('pupils: reading an MIS export (SDS v2.1 and OneRoster 1.1)', () => {
  for (const format of ['sds', 'oneroster'] as const) {
    describe(format === 'sds' ? 'SDS v2.1 CSV' : 'OneRoster 1.1 CSV', () => {
      it('reads 2,000 pupils and no staff or guardians, with odd names kept exactly (NFC)', () => {
        const r = parseMisFiles(asMap(misFiles(format, 2000)), TODAY);
        assert.deepEqual(r.errors, []);
        assert.equal(r.source, format === 'sds' ? 'sds-v2.1' : 'oneroster-1.1');
        assert.equal(r.rows.length, 2000);
        assert.ok(!r.rows.some((p) => /Brown|Morris|Dawn/.test(p.givenName + p.familyName)), 'teachers and guardians are not pupils');
        const names = new Set(r.rows.map((p) => `${p.givenName} ${p.familyName}`));
        for (const n of ["Siobhán O'Brien", 'Zoë Smith-Jones', 'Zoë Nguyễn', 'Mohammed Al-Hassan, Jr', 'Łukasz Wiśniewski', 'Aoife Ní Bhriain', 'Kofi Mensah "KJ"']) assert.ok(names.has(n), n);
        assert.ok(r.rows.every((p) => p.givenName === p.givenName.normalize('NFC')));
      });

      it('gives each pupil their MIS id, sign-in name, date of birth, year group and form', () => {
        const p = parseMisFiles(asMap(misFiles(format, 20)), TODAY).rows.find((x) => x.misId === pupilId(3))!;
        assert.deepEqual(
          { upn: p.upn, birthDate: p.birthDate, yearGroup: p.yearGroup, form: p.form, leftOn: p.leftOn },
          { upn: 'p00003@pupils.school.test', birthDate: '2009-04-04', yearGroup: 'Year 10', form: '10KP', leftOn: null },
        );
      });

      it('marks the pupils the files say have left, and keeps them', () => {
        const r = parseMisFiles(asMap(misFiles(format, 50, { leavers: new Set([pupilId(4), pupilId(9)]) })), TODAY);
        assert.equal(r.rows.length, 50);
        assert.deepEqual(r.rows.filter((p) => p.leftOn).map((p) => [p.misId, p.leftOn]), [[pupilId(4), TODAY], [pupilId(9), TODAY]]);
      });
    });
  }

  it('takes the preferred name an SDS file gives, and shows it the way a DSL would say it', () => {
    const sam = parseMisFiles(asMap(misFiles('sds', 10)), TODAY).rows.find((p) => p.givenName === 'Samantha')!;
    assert.equal(sam.preferredName, 'Sam');
    assert.equal(pupilName(sam), 'Sam Carter (Samantha)');
  });

  it('takes a OneRoster homeroom as the form, not a teaching set', () => {
    const rows = parseMisFiles(asMap(misFiles('oneroster', 10)), TODAY).rows;
    assert.ok(rows.every((p) => p.form && !/Maths/.test(p.form)));
  });

  it('names each problem by file and line and imports nothing when any file is wrong', () => {
    const files = misFiles('sds', 30);
    const lines = files['users.csv']!.split('\r\n');
    lines[5] = lines[4]!; // a pupil twice (line 5 is the first pupil's)
    lines[8] = `${pupilId(4)},p00004@pupils.school.test,,Bobby,,`; // no family name
    files['users.csv'] = lines.join('\r\n');
    files['demographics.csv'] += `${pupilId(2)},,2031-01-01\nP09999,,2014-01-01\n`;
    files['roles.csv'] += 'NOBODY,S1,student,,8,true,,\n';
    const r = parseMisFiles(asMap(files), TODAY);
    assert.deepEqual(r.rows, []);
    assert.ok(r.errors.includes('users.csv line 6: sourcedId "P00000" is already on line 5'), r.errors.join('\n'));
    assert.ok(r.errors.includes('users.csv line 9: familyName is empty'), r.errors.join('\n'));
    assert.ok(r.errors.some((e) => /^demographics\.csv line \d+: sourcedId|userSourcedId "P09999" is not in users\.csv$/.test(e)), r.errors.join('\n'));
    assert.ok(r.errors.some((e) => /^roles\.csv line \d+: userSourcedId "NOBODY" is not in users\.csv$/.test(e)), r.errors.join('\n'));
    assert.ok(r.errors.some((e) => /^demographics\.csv line \d+: birthDate 2031-01-01 is in the future/.test(e)), r.errors.join('\n'));
  });

  it('says which column a file is missing, and what it has', () => {
    const files = misFiles('oneroster', 5);
    files['users.csv'] = files['users.csv']!.replace('givenName', 'firstName');
    assert.deepEqual(parseMisFiles(asMap(files), TODAY).errors, [
      'users.csv line 1: the header has no givenName column (it has sourcedId, status, dateLastModified, enabledUser, orgSourcedIds, role, username, userIds, firstName, familyName, middleName, identifier)',
    ]);
  });

  it('refuses control characters and text-direction overrides in a name, naming the column', () => {
    const files = misFiles('sds', 5);
    files['users.csv'] = files['users.csv']!.replace('Siobhán', 'Sio\u202Ebhán');
    assert.match(parseMisFiles(asMap(files), TODAY).errors.join('\n'), /users\.csv line \d+: givenName contains a text-direction override \(U\+202E\)/);
  });

  it('tells an admin who exported the wrong format what to export instead', () => {
    assert.match(String(misFormat(new Map([['student.csv', ''], ['school.csv', '']]))), /SDS v1 \/ Clever files .* export SDS v2\.1 CSV .* or OneRoster 1\.1 CSV/);
    assert.match(String(misFormat(new Map([['roles.csv', '']]))), /roles\.csv but no users\.csv/);
    assert.match(parseMisFiles(new Map(), TODAY).errors[0]!, /holds no users\.csv/);
  });
});
