/**
 * The incident kinds catalogue: what a reporter can tick on the "type of incident" step.
 *
 * Sources: the 20 kinds of the incident reporting form (002 appendix I, wording kept) merged with
 * the illegal / serious-harm kinds that 000 part 2 says "must be escalated through the agreed school
 * safeguarding procedures", and the risks KCSiE, UKCIS and 004 name that neither list has (self-harm,
 * sextortion, upskirting, deepfakes, misinformation, radicalisation, online challenges, a missing
 * child). Where two lists name the same thing the kind appears once and its `source` names both.
 * Ids are stored on incidents: never rename or reuse one.
 *
 * Triage is data here too: `serious` (recorded, flagged and highlighted for the DSL team) and
 * `pageNow` (the DSL and deputies are messaged at once, out of hours too). A school may change
 * either per kind in its school file (`triage:`); `effectiveTriage` applies that.
 */

/** The 4 Cs of online risk (KCSiE; 004 §1 "The 4 key categories of risk"). */
export const FOUR_CS = ['content', 'contact', 'conduct', 'commerce'] as const;
export type FourC = (typeof FOUR_CS)[number];

/** Display names of the 4 Cs, in the order KCSiE lists them. */
export const FOUR_C_LABELS: Readonly<Record<FourC, string>> = {
  content: 'Content',
  contact: 'Contact',
  conduct: 'Conduct',
  commerce: 'Commerce',
};

export interface IncidentKind {
  /** Stable snake_case id, stored on incidents. */
  id: string;
  /** What the reporter sees; 002 appendix I wording where the kind comes from that form. */
  label: string;
  /** Exactly one of the 4 Cs (KCSiE; 004 §1). */
  fourC: FourC;
  /** Recorded and flagged as serious on the DSL team's cards: 000 part 2's must-escalate list and the serious-harm kinds added here. */
  serious: boolean;
  /** Pages the DSL team now (risk to a child that cannot wait for the morning); always serious too. */
  pageNow: boolean;
  /** Nudes, semi-nudes, sexual images (real or made) or sexual abuse/exploitation: shows the UKCIS step. */
  sexualImagery: boolean;
  /** Where the kind comes from (file and section). */
  source: string;
  /** Why the kind is serious or pages now (file and section); present exactly when either is true. */
  triageSource?: string;
}

const I = '002 appendix I';
const P2 = '000 part 2';
const UKCIS = 'UKCIS "Sharing nudes and semi-nudes" (2024)';
// Why a kind is serious / pages: 000 part 2's list "must be escalated through the agreed school
// safeguarding procedures"; a child's nude image, sexual abuse or exploitation goes to the DSL and the
// police at once (004 §20.2, §20.4–20.5; UKCIS 2024); a risk of radicalisation is told to the DSL
// "immediately" (004 §20.7; Prevent duty); self-harm or suicide risk, and a missing child, are
// risks of immediate harm that KCSiE Part 1 says are acted on at once.
const ESCALATE = `${P2} (must be escalated)`;
const NUDES_NOW = `${P2}; 004 §20.2, §20.5; ${UKCIS}: refer to the DSL immediately`;

export const KINDS: readonly IncidentKind[] = Object.freeze([
  // Content — 004 §1: "exposed to illegal, inappropriate or harmful content".
  { id: 'age_inappropriate_sites', label: 'Accessing age inappropriate websites, apps and social media', fourC: 'content', serious: false, pageNow: false, sexualImagery: false, source: I },
  { id: 'hate_material', label: 'Racist, sexist, homophobic, religious or other hate material', fourC: 'content', serious: false, pageNow: false, sexualImagery: false, source: I },
  // "Creating" pornographic media may be a child making images of themselves: UKCIS applies.
  { id: 'pornographic_media', label: 'Accessing, sharing or creating pornographic images and media', fourC: 'content', serious: false, pageNow: false, sexualImagery: true, source: `${I}; ${UKCIS}` },
  { id: 'violent_media', label: 'Accessing, sharing or creating violent images and media', fourC: 'content', serious: false, pageNow: false, sexualImagery: false, source: I },
  { id: 'drug_bomb_making_material', label: 'Drug/bomb making material', fourC: 'content', serious: false, pageNow: false, sexualImagery: false, source: I },
  // 002 "Accessing and/or sharing terrorist material" and 000 "Terrorism/extremism" are one kind; a
  // child seeking it out is a radicalisation concern (Prevent), so it pages like `radicalisation`.
  { id: 'terrorist_material', label: 'Accessing and/or sharing terrorist or extremist material', fourC: 'content', serious: true, pageNow: true, sexualImagery: false, source: `${I}; ${P2} (terrorism/extremism)`, triageSource: `${ESCALATE}; 004 §20.7 (DSL informed immediately); Prevent duty` },
  // 004 §1 Content names radicalisation and extremism; §20.7: the DSL is informed immediately.
  { id: 'radicalisation', label: 'Extremist content or a child at risk of radicalisation (Prevent)', fourC: 'content', serious: true, pageNow: true, sexualImagery: false, source: '004 §1 (Content); 004 §20.7; Prevent duty', triageSource: '004 §20.7 (DSL informed immediately); Prevent duty' },
  // 004 §1 Content names self-harm and suicide; the risk to the child is what pages.
  { id: 'self_harm', label: 'Self-harm or suicide: harmful content, or a child at risk', fourC: 'content', serious: true, pageNow: true, sexualImagery: false, source: '004 §1 (Content); KCSiE Part 1 (mental health)', triageSource: 'KCSiE Part 1: a child at risk of immediate harm is referred immediately' },
  // 004 §1 Content "fake news"; KCSiE 2025 adds misinformation, disinformation and conspiracy theories.
  { id: 'misinformation', label: 'Misinformation, disinformation, fake news or conspiracy theories', fourC: 'content', serious: false, pageNow: false, sexualImagery: false, source: '004 §1 (Content: fake news); KCSiE 2025' },
  // 000 part 2 only: illegal material.
  { id: 'csam', label: 'Child sexual abuse material or indecent images of children', fourC: 'content', serious: true, pageNow: true, sexualImagery: true, source: `${P2}; 004 §20.5`, triageSource: NUDES_NOW },
  // Possessing extreme pornography is itself an offence: the same never-view-or-forward rule applies.
  { id: 'extreme_pornography', label: 'Extreme pornography', fourC: 'content', serious: true, pageNow: false, sexualImagery: true, source: P2, triageSource: ESCALATE },

  // Contact — 004 §1: "harmful online interaction with other users ... adults posing as children".
  // 002 "Grooming" and 000 "Child Sexual Exploitation Grooming" are one kind (004 §20.3–20.4).
  { id: 'grooming', label: 'Grooming or child sexual exploitation', fourC: 'contact', serious: true, pageNow: true, sexualImagery: true, source: `${I}; ${P2} (child sexual exploitation, grooming)`, triageSource: `${ESCALATE}; 004 §20.4 (police immediately)` },
  // Financially motivated sexual extortion: 004 §1 Contact "exploit them for sexual ... financial
  // purposes"; UKCIS 2024 covers it; a child being blackmailed over images is at risk now.
  { id: 'sextortion', label: 'Sextortion: threats to share nude or sexual images unless the child pays or sends more', fourC: 'contact', serious: true, pageNow: true, sexualImagery: true, source: `004 §1 (Contact); ${UKCIS} (financially motivated sexual extortion)`, triageSource: `${P2} (fraud and extortion); ${UKCIS}; 004 §20.4 (police immediately)` },
  { id: 'harassment_stalking', label: 'Harassment or stalking', fourC: 'contact', serious: true, pageNow: false, sexualImagery: false, source: P2, triageSource: ESCALATE },
  // KCSiE Part 1/2: going missing is a sign of exploitation; online contact is a common way in.
  { id: 'missing_child', label: 'A child is missing, or may have gone to meet someone they met online', fourC: 'contact', serious: true, pageNow: true, sexualImagery: false, source: 'KCSiE Part 2 (children absent or missing from education); 004 §1 (Contact)', triageSource: 'KCSiE Part 1: a child at risk of immediate harm is referred immediately' },

  // Conduct — 004 §1: "personal online behaviour that increases the likelihood of, or causes, harm".
  { id: 'online_bullying', label: 'Online bullying or harassment', fourC: 'conduct', serious: false, pageNow: false, sexualImagery: false, source: `${I}; 002 appendix G` },
  { id: 'chain_or_threatening_messages', label: 'Forwarding/spreading chain messages or threatening material', fourC: 'conduct', serious: false, pageNow: false, sexualImagery: false, source: I },
  { id: 'images_without_permission', label: 'Posting images without permission of all involved', fourC: 'conduct', serious: false, pageNow: false, sexualImagery: false, source: I },
  { id: 'disrepute_material', label: 'Posting material that will bring an individual or the school into disrepute', fourC: 'conduct', serious: false, pageNow: false, sexualImagery: false, source: I },
  { id: 'account_in_someone_elses_name', label: "Creating an account in someone else's name to bring them into disrepute", fourC: 'conduct', serious: false, pageNow: false, sexualImagery: false, source: I },
  { id: 'account_access_without_permission', label: "Accessing someone else's account without permission", fourC: 'conduct', serious: false, pageNow: false, sexualImagery: false, source: I },
  { id: 'bypassing_security', label: 'Deliberately bypassing security', fourC: 'conduct', serious: false, pageNow: false, sexualImagery: false, source: I },
  // 002 "Sexting/Child abuse images" and 000 "Self-generated images" are one kind (004 §20.2; UKCIS 2024).
  { id: 'sexting', label: 'Sexting/Child abuse images, including self-generated nudes or semi-nudes', fourC: 'conduct', serious: true, pageNow: true, sexualImagery: true, source: `${I}; ${P2} (self-generated images); 004 §20.2`, triageSource: NUDES_NOW },
  { id: 'non_consensual_images', label: 'Sharing nudes or intimate images without consent', fourC: 'conduct', serious: true, pageNow: true, sexualImagery: true, source: `${P2}; 004 §20.2`, triageSource: NUDES_NOW },
  // A criminal offence (Voyeurism (Offences) Act 2019) and child-on-child abuse in KCSiE (004 §20.3).
  { id: 'upskirting', label: 'Upskirting: taking a picture under clothing without permission', fourC: 'conduct', serious: true, pageNow: true, sexualImagery: true, source: `004 §20.3; KCSiE Part 5 (child-on-child abuse)`, triageSource: `${NUDES_NOW}; 004 §20.3 (a criminal offence)` },
  // 004 §8.2 names deepfake pornography; an AI-made sexual image of a child is an indecent image in law (UKCIS 2024).
  { id: 'deepfake_sexual_images', label: 'AI-generated or deepfake nude or sexual images', fourC: 'conduct', serious: true, pageNow: true, sexualImagery: true, source: `004 §8.2; ${UKCIS} (AI-generated imagery)`, triageSource: NUDES_NOW },
  // DfE "Harmful online challenges and online hoaxes" (2021): serious only when a child is hurt, which the danger question catches.
  { id: 'harmful_online_challenges', label: 'Harmful online challenges or hoaxes', fourC: 'conduct', serious: false, pageNow: false, sexualImagery: false, source: 'DfE "Harmful online challenges and online hoaxes" (2021); KCSiE Part 2; 004 §1 (Conduct)' },
  { id: 'hate_crime', label: 'Hate crime or abuse aimed at someone', fourC: 'conduct', serious: true, pageNow: false, sexualImagery: false, source: P2, triageSource: `${ESCALATE}; 004 §20.6` },
  // 002 "Hacking or spreading viruses" and 000 "Cyber or hacking offences under the Computer Misuse Act" are one kind.
  { id: 'hacking', label: 'Hacking or spreading viruses, or other Computer Misuse Act offences', fourC: 'conduct', serious: true, pageNow: false, sexualImagery: false, source: `${I}; ${P2} (Computer Misuse Act)`, triageSource: ESCALATE },
  // 002 "Breaching copyright regulations" and 000 "Copyright theft or piracy" are one kind.
  { id: 'copyright', label: 'Breaching copyright regulations, copyright theft or piracy', fourC: 'conduct', serious: true, pageNow: false, sexualImagery: false, source: `${I}; ${P2} (copyright theft or piracy)`, triageSource: ESCALATE },
  // 002 appendix I's two catch-alls: conduct, as a breach of the AUA is the user's own behaviour.
  { id: 'other_aua_breach', label: 'Other breach of acceptable use agreement', fourC: 'conduct', serious: false, pageNow: false, sexualImagery: false, source: I },
  // The wizard asks the reporter to say what (OTHER_KIND_FIELD).
  { id: 'other', label: 'Other, please specify', fourC: 'conduct', serious: false, pageNow: false, sexualImagery: false, source: I },

  // Commerce — 004 §1: "online gambling, inappropriate advertising, phishing and/or financial scams".
  { id: 'online_gambling', label: 'Online gambling', fourC: 'commerce', serious: false, pageNow: false, sexualImagery: false, source: I },
  { id: 'fraud_extortion', label: 'Fraud or extortion: scams, phishing, blackmail for money (for sexual images, choose sextortion)', fourC: 'commerce', serious: true, pageNow: false, sexualImagery: false, source: P2, triageSource: ESCALATE },
  { id: 'sale_of_illegal_materials', label: 'Sale of illegal materials or substances', fourC: 'commerce', serious: true, pageNow: false, sexualImagery: false, source: P2, triageSource: ESCALATE },
] as const satisfies readonly IncidentKind[]);

const BY_ID: ReadonlyMap<string, IncidentKind> = new Map(KINDS.map((k) => [k.id, k]));

/** The kind with this id, or undefined for an unknown (e.g. retired or tampered) id. */
export function kindById(id: string): IncidentKind | undefined {
  return BY_ID.get(id);
}

/** The kinds grouped by the 4 Cs in KCSiE order, for grouped display; empty groups are left out. */
export function kindsByFourC(): { fourC: FourC; label: string; kinds: IncidentKind[] }[] {
  return FOUR_CS.map((c) => ({ fourC: c, label: FOUR_C_LABELS[c], kinds: KINDS.filter((k) => k.fourC === c) })).filter((g) => g.kinds.length > 0);
}

/** "Online bullying or harassment (Conduct)": a kind as a DSL reads it; unknown ids are shown as given. */
export function kindTitle(id: string): string {
  const k = kindById(id);
  return k ? `${k.label} (${FOUR_C_LABELS[k.fourC]})` : id;
}

/** A school's changes to the default triage, by kind id (the school file's `triage:`; ids checked there). */
export interface TriageOverrides {
  page_now?: readonly string[];
  not_page_now?: readonly string[];
  serious?: readonly string[];
  not_serious?: readonly string[];
}

/** The kinds that page now and the kinds that are serious, for one school. */
export interface Triage {
  pageNow: ReadonlySet<string>;
  serious: ReadonlySet<string>;
}

/**
 * The catalogue's defaults with a school's overrides applied. A kind that pages is always serious:
 * a page the channel card does not highlight would confuse the team.
 */
export function effectiveTriage(o: TriageOverrides = {}): Triage {
  const pageNow = new Set(KINDS.filter((k) => k.pageNow).map((k) => k.id));
  const serious = new Set(KINDS.filter((k) => k.serious).map((k) => k.id));
  for (const id of o.page_now ?? []) pageNow.add(id);
  for (const id of o.not_page_now ?? []) pageNow.delete(id);
  for (const id of o.serious ?? []) serious.add(id);
  for (const id of o.not_serious ?? []) serious.delete(id);
  for (const id of pageNow) serious.add(id);
  return { pageNow, serious };
}

/** The catalogue's own triage, with no school overrides. */
export const DEFAULT_TRIAGE: Triage = effectiveTriage();
