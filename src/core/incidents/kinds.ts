/**
 * The incident kinds catalogue: what a reporter can tick on the "type of incident" step.
 *
 * Sources: the 20 kinds of the incident reporting form (002 appendix I, wording kept) merged with
 * the illegal / serious-harm kinds that 000 part 2 says "must be escalated through the agreed school
 * safeguarding procedures". Where both lists name the same thing the kind appears once and its
 * `source` names both. Ids are stored on incidents: never rename or reuse one.
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
  /** In 000 part 2's list of illegal / serious-harm incidents that must be escalated: makes a report urgent. */
  seriousHarm: boolean;
  /** Nudes, semi-nudes, indecent images or sexual abuse/exploitation: shows the UKCIS warning. */
  sexualImagery: boolean;
  /** Where the kind comes from (file and section). */
  source: string;
}

const I = '002 appendix I';
const P2 = '000 part 2';

export const KINDS: readonly IncidentKind[] = Object.freeze([
  // Content — 004 §1: "exposed to illegal, inappropriate or harmful content".
  { id: 'age_inappropriate_sites', label: 'Accessing age inappropriate websites, apps and social media', fourC: 'content', seriousHarm: false, sexualImagery: false, source: I },
  { id: 'hate_material', label: 'Racist, sexist, homophobic, religious or other hate material', fourC: 'content', seriousHarm: false, sexualImagery: false, source: I },
  { id: 'pornographic_media', label: 'Accessing, sharing or creating pornographic images and media', fourC: 'content', seriousHarm: false, sexualImagery: false, source: I },
  { id: 'violent_media', label: 'Accessing, sharing or creating violent images and media', fourC: 'content', seriousHarm: false, sexualImagery: false, source: I },
  { id: 'drug_bomb_making_material', label: 'Drug/bomb making material', fourC: 'content', seriousHarm: false, sexualImagery: false, source: I },
  // 002 "Accessing and/or sharing terrorist material" and 000 "Terrorism/extremism" are one kind.
  { id: 'terrorist_material', label: 'Accessing and/or sharing terrorist or extremist material', fourC: 'content', seriousHarm: true, sexualImagery: false, source: `${I}; ${P2} (terrorism/extremism)` },
  // 000 part 2 only: illegal material.
  { id: 'csam', label: 'Child sexual abuse material or indecent images of children', fourC: 'content', seriousHarm: true, sexualImagery: true, source: `${P2}; 004 §20.5` },
  // Possessing extreme pornography is itself an offence: the same never-view-or-forward rule applies.
  { id: 'extreme_pornography', label: 'Extreme pornography', fourC: 'content', seriousHarm: true, sexualImagery: true, source: P2 },

  // Contact — 004 §1: "harmful online interaction with other users ... adults posing as children".
  // 002 "Grooming" and 000 "Child Sexual Exploitation Grooming" are one kind (004 §20.3–20.4).
  { id: 'grooming', label: 'Grooming or child sexual exploitation', fourC: 'contact', seriousHarm: true, sexualImagery: true, source: `${I}; ${P2} (child sexual exploitation, grooming)` },
  { id: 'harassment_stalking', label: 'Harassment or stalking', fourC: 'contact', seriousHarm: true, sexualImagery: false, source: P2 },

  // Conduct — 004 §1: "personal online behaviour that increases the likelihood of, or causes, harm".
  { id: 'online_bullying', label: 'Online bullying or harassment', fourC: 'conduct', seriousHarm: false, sexualImagery: false, source: `${I}; 002 appendix G` },
  { id: 'chain_or_threatening_messages', label: 'Forwarding/spreading chain messages or threatening material', fourC: 'conduct', seriousHarm: false, sexualImagery: false, source: I },
  { id: 'images_without_permission', label: 'Posting images without permission of all involved', fourC: 'conduct', seriousHarm: false, sexualImagery: false, source: I },
  { id: 'disrepute_material', label: 'Posting material that will bring an individual or the school into disrepute', fourC: 'conduct', seriousHarm: false, sexualImagery: false, source: I },
  { id: 'account_in_someone_elses_name', label: "Creating an account in someone else's name to bring them into disrepute", fourC: 'conduct', seriousHarm: false, sexualImagery: false, source: I },
  { id: 'account_access_without_permission', label: "Accessing someone else's account without permission", fourC: 'conduct', seriousHarm: false, sexualImagery: false, source: I },
  { id: 'bypassing_security', label: 'Deliberately bypassing security', fourC: 'conduct', seriousHarm: false, sexualImagery: false, source: I },
  // 002 "Sexting/Child abuse images" and 000 "Self-generated images" are one kind (004 §20.2; UKCIS 2024).
  { id: 'sexting', label: 'Sexting/Child abuse images, including self-generated nudes or semi-nudes', fourC: 'conduct', seriousHarm: true, sexualImagery: true, source: `${I}; ${P2} (self-generated images); 004 §20.2` },
  { id: 'non_consensual_images', label: 'Sharing nudes or intimate images without consent', fourC: 'conduct', seriousHarm: true, sexualImagery: true, source: `${P2}; 004 §20.2` },
  { id: 'hate_crime', label: 'Hate crime or abuse aimed at someone', fourC: 'conduct', seriousHarm: true, sexualImagery: false, source: P2 },
  // 002 "Hacking or spreading viruses" and 000 "Cyber or hacking offences under the Computer Misuse Act" are one kind.
  { id: 'hacking', label: 'Hacking or spreading viruses, or other Computer Misuse Act offences', fourC: 'conduct', seriousHarm: true, sexualImagery: false, source: `${I}; ${P2} (Computer Misuse Act)` },
  // 002 "Breaching copyright regulations" and 000 "Copyright theft or piracy" are one kind.
  { id: 'copyright', label: 'Breaching copyright regulations, copyright theft or piracy', fourC: 'conduct', seriousHarm: true, sexualImagery: false, source: `${I}; ${P2} (copyright theft or piracy)` },
  // 002 appendix I's two catch-alls: conduct, as a breach of the AUA is the user's own behaviour.
  { id: 'other_aua_breach', label: 'Other breach of acceptable use agreement', fourC: 'conduct', seriousHarm: false, sexualImagery: false, source: I },
  { id: 'other', label: 'Other, please specify', fourC: 'conduct', seriousHarm: false, sexualImagery: false, source: I },

  // Commerce — 004 §1: "online gambling, inappropriate advertising, phishing and/or financial scams".
  { id: 'online_gambling', label: 'Online gambling', fourC: 'commerce', seriousHarm: false, sexualImagery: false, source: I },
  { id: 'fraud_extortion', label: 'Fraud or extortion: scams, phishing, blackmail for money', fourC: 'commerce', seriousHarm: true, sexualImagery: false, source: P2 },
  { id: 'sale_of_illegal_materials', label: 'Sale of illegal materials or substances', fourC: 'commerce', seriousHarm: true, sexualImagery: false, source: P2 },
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
