/**
 * Issue #11: a pupil from Microsoft Graph's education API (an `educationUser` whose primaryRole is
 * student). The MIS id is the student's `externalId` (the id School Data Sync carried over from the
 * MIS, so a file import and the Graph sync name one pupil alike), else the Entra object id.
 */
import { z } from 'zod';
import { isLocalDate, type LocalDate } from '../duties/dates';
import type { PupilRow } from './model';

const educationUser = z.object({
  id: z.string().min(1),
  givenName: z.string().nullish(),
  surname: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
  primaryRole: z.string().nullish(),
  accountEnabled: z.boolean().nullish(),
  student: z
    .object({ externalId: z.string().nullish(), birthDate: z.string().nullish(), grade: z.string().nullish() })
    .nullish(),
});

/** The pupil an education user is, null for a teacher or anyone else, or 'malformed' for an entry without the fields a pupil needs. */
export function pupilFromGraph(raw: unknown, today: LocalDate): PupilRow | null | 'malformed' {
  const parsed = educationUser.safeParse(raw);
  if (!parsed.success) return 'malformed';
  const u = parsed.data;
  if (u.primaryRole !== 'student') return null;
  const given = u.givenName?.trim().normalize('NFC') ?? '';
  const family = u.surname?.trim().normalize('NFC') ?? '';
  if (!given || !family) return 'malformed';
  const birth = u.student?.birthDate?.slice(0, 10) ?? '';
  const grade = u.student?.grade?.trim() ?? '';
  return {
    misId: u.student?.externalId?.trim() || u.id,
    upn: u.userPrincipalName?.toLowerCase() || null,
    givenName: given,
    familyName: family,
    preferredName: null,
    birthDate: isLocalDate(birth) && birth <= today ? birth : null,
    yearGroup: grade ? (/^\d{1,2}$/.test(grade) ? `Year ${Number(grade)}` : grade) : null,
    form: null,
    leftOn: u.accountEnabled === false ? today : null,
  };
}
