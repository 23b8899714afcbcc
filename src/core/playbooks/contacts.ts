/**
 * The contacts a playbook step may need: the school file's `contacts:` section for the
 * local services, with national defaults for the national ones. The LADO lives at `routes.lado`.
 */
import { z } from 'zod';

/** Every contact a step may name. */
export const CONTACT_IDS = ['social_care', 'police', 'ceop', 'iwf', 'report_remove', 'report_harmful_content', 'posh', 'prevent', 'lado'] as const;
export type ContactId = (typeof CONTACT_IDS)[number];

export interface Contact {
  name: string;
  phone?: string;
  email?: string;
  url?: string;
  /** When to use it, in a few words (e.g. "999 if a child is in immediate danger"). */
  note?: string;
}

const contactSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty'),
    phone: z.string().trim().min(1).optional(),
    email: z.string().trim().toLowerCase().pipe(z.email({ message: 'must be an email address' })).optional(),
    url: z.url({ message: 'must be a web address such as https://…' }).optional(),
    note: z.string().trim().max(200).optional(),
  })
  .strict();

/** The school file's `contacts:` section: any service may be given or overridden; unknown keys are typos. */
export const contactsSchema = z
  .object({
    social_care: contactSchema.optional(),
    police: contactSchema.optional(),
    ceop: contactSchema.optional(),
    iwf: contactSchema.optional(),
    report_remove: contactSchema.optional(),
    report_harmful_content: contactSchema.optional(),
    posh: contactSchema.optional(),
    prevent: contactSchema.optional(),
  })
  .strict();
export type ContactsFile = z.infer<typeof contactsSchema>;

/** National services, the same for every school in England (000 part 2: staff know these sources of support). */
export const NATIONAL_CONTACTS: Readonly<Partial<Record<ContactId, Contact>>> = Object.freeze({
  // 004 §19: 101, or 999 if there is immediate danger or risk of harm.
  police: { name: 'Police', phone: '999 (immediate danger) / 101 (non-emergency)', note: '999 if a child is at immediate risk' },
  // DOMAIN decisions: CEOP for reports of online sexual abuse or grooming of a child.
  ceop: { name: 'CEOP (National Crime Agency)', url: 'https://www.ceop.police.uk/Safety-Centre/', note: 'online sexual abuse or grooming of a child' },
  // 004 §20.5: URLs of suspected indecent images of children go to the IWF.
  iwf: { name: 'Internet Watch Foundation', url: 'https://report.iwf.org.uk/', note: 'web addresses of child sexual abuse images' },
  // UKCIS 2024: Report Remove (Childline and the IWF) lets an under-18 have a nude image of themselves taken down.
  report_remove: { name: 'Report Remove (Childline and IWF)', url: 'https://www.childline.org.uk/report-remove/', note: 'for the young person, under 18' },
  // 000 part 2: Reporting Harmful Content, for harmful (not illegal) content a platform has not removed.
  report_harmful_content: { name: 'Report Harmful Content', url: 'https://reportharmfulcontent.com/', note: 'when a platform has not acted' },
  // 000 part 2: the Professionals Online Safety Helpline (UK Safer Internet Centre).
  posh: { name: 'Professionals Online Safety Helpline', phone: '0344 381 4772', email: 'helpline@saferinternet.org.uk', note: 'advice for staff' },
});

/** What a DSL reads when a local contact is missing: where to add it, rather than nothing. */
export const MISSING_LOCAL: Readonly<Record<'social_care' | 'prevent' | 'lado', string>> = Object.freeze({
  social_care: "Children's social care / MASH",
  prevent: 'Prevent (local authority)',
  lado: 'LADO',
});

/** The contact with this id: the school file's, else the national default; null when the school has not given a local one. */
export function resolveContact(contacts: ContactsFile | undefined, lado: Contact | undefined, id: ContactId): Contact | null {
  if (id === 'lado') return lado ?? null;
  return contacts?.[id] ?? NATIONAL_CONTACTS[id] ?? null;
}

/** "Police — 999 (immediate danger) / 101 (non-emergency) · 999 if a child is at immediate risk": one line for a card. */
export function contactLine(c: Contact): string {
  return [c.name, [c.phone, c.email, c.url].filter(Boolean).join(', '), c.note].filter(Boolean).join(' — ');
}
