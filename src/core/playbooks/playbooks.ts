/**
 * Playbooks: for the serious kinds of concern, the short checklist of steps that the
 * school policies and the national guidance require, each step citing its source. Data only: the
 * details view shows it, and each tick is a chronology entry (src/core/playbooks/flows.ts).
 *
 * Steps are shared between playbooks ("device secured" belongs to nudes, grooming and sextortion),
 * so an incident with several serious kinds gets one checklist, each step once. Step ids are stored
 * in the chronology: never rename or reuse one. Sources are cited as docs/sources.md names them.
 */
import type { RouteName } from '../model';
import type { ContactId } from './contacts';

export interface PlaybookStep {
  /** Stable snake_case id, stored in chronology entries. */
  id: string;
  /** A short name, as the chronology shows a tick ("Device secured"). */
  title: string;
  /** What the DSL checks, in a line or two. */
  text: string;
  /** Where the step comes from (file and section, or the national guidance). */
  source: string;
  /** The contacts the step may need, shown with it. */
  contacts: readonly ContactId[];
}

export interface Playbook {
  id: string;
  title: string;
  /** Incident kind ids (src/core/incidents/kinds.ts) that call for this playbook. */
  kinds: readonly string[];
  /** Routes that call for it whatever the kinds (a staff allegation). */
  routes: readonly RouteName[];
  /** Step ids, in the order a DSL works them. */
  steps: readonly string[];
}

const UKCIS = 'UKCIS 2024';

const step = (id: string, title: string, text: string, source: string, contacts: readonly ContactId[] = []): PlaybookStep => ({ id, title, text, source, contacts });

export const STEPS: readonly PlaybookStep[] = Object.freeze([
  // Nudes, semi-nudes and indecent images of children.
  step(
    'immediate_referral',
    'Immediate-referral triggers checked',
    'An adult involved; coercion, blackmail or grooming; a child under 13; extreme, violent or age-unusual sexual acts; a risk of immediate harm (e.g. self-harm). Any one: refer to the police or children’s social care now.',
    `${UKCIS} (initial review: when to refer at once); 004 §20.2`,
    ['police', 'social_care'],
  ),
  step('device_secured', 'Device secured', 'Kept safe and not searched: nothing viewed, copied, forwarded, printed or deleted.', `004 §20.2, §20.4, §20.5; ${UKCIS} (securing devices)`),
  step('viewing_reason', 'Reason recorded if anyone viewed an image', 'Only the DSL may view, only when unavoidable: the reason, who was there and when go in a note.', `004 §20.2; ${UKCIS} (viewing imagery); 002 appendix G`),
  step('risk_assessment', 'Risk assessment done', 'Of the vulnerability of the pupils involved, with checks with other agencies.', '004 §20.2, §20.4', ['social_care']),
  step('parents_informed', 'Parents or carers informed', 'Unless that would put the child at risk; if they are not told, the reason goes in a note.', `004 §19.1, §20.2, §20.4; ${UKCIS} (informing parents and carers)`),
  step('referral_decided', 'Referral decided, with the reason', 'Children’s social care, police, early help or managed in school: the decision and its reason recorded.', '004 §20.2; 001 introduction; KCSiE Part 2 (record keeping)', ['social_care', 'police', 'posh']),
  step('report_remove', 'Report Remove / IWF for the young person', 'The young person shown how to have the image taken down with Report Remove; any web addresses reported to the IWF.', `${UKCIS} (Report Remove); 004 §20.5`, ['report_remove', 'iwf']),
  step('deletion_agreed', 'Deletion only once the police agree', 'Nothing deleted until the police or other agencies agree, and deleting puts no child at risk or an investigation in doubt.', `004 §20.2, §20.5; ${UKCIS} (deleting imagery)`, ['police']),
  step('pupil_support', 'Support for the pupils', 'Pastoral support or counselling offered; any sanction avoids re-traumatising a victim.', '004 §20.2, §20.4'),

  // Online sexual abuse, exploitation and grooming; sextortion.
  step('police_informed', 'Police informed', 'At once: 101, or 999 if a child is at immediate risk.', '004 §20.4, §19', ['police']),
  step('ceop_report', 'CEOP report', 'Made or considered: CEOP takes reports of online sexual abuse or grooming of a child.', 'CEOP; 000 part 2 (external support)', ['ceop']),
  step('cse_intelligence', 'Exploitation information passed on', 'Any information about child sexual exploitation passed to the police or the local exploitation team.', '004 §20.4', ['police']),
  step('other_schools', 'Other schools: police first', 'If pupils at other schools may be targeted, speak to the police or the education safeguarding team before anyone else, so no investigation is compromised.', '004 §19, §20.4', ['police']),
  step('sextortion_advice', 'Young person advised and reassured', 'It is not their fault: do not pay, stop replying, keep the messages (do not delete them), then block.', `${UKCIS} (financially motivated sexual extortion)`, ['ceop']),

  // Radicalisation and extremism.
  step('prevent_referral', 'Prevent referral considered', 'With the local Prevent team (Channel); the decision and its reason recorded.', 'Prevent; 004 §20.7', ['prevent']),
  step('extremist_material_blocked', 'Material blocked', 'Blocked on school systems, and the filtering checked.', '004 §20.7; 000 part 4', []),

  // Self-harm and suicide.
  step('immediate_risk', 'Immediate risk checked', 'If the child is at risk now: 999, and someone stays with them.', '004 §19; KCSiE Part 1', ['police']),
  step('harmful_content_reported', 'Content reported', 'To the platform, or to Report Harmful Content if the platform does not act.', '000 part 2 (Reporting Harmful Content)', ['report_harmful_content']),

  // Online bullying.
  step('bullying_evidence', 'Evidence saved', 'With the date and time, not forwarded (never indecent images); the sender blocked.', '002 appendix G'),
  step('bullying_meeting', 'Reporter and target met', 'By a senior member of staff, to listen, reassure and support.', '002 appendix G'),
  step('bullying_investigated', 'Investigated under the behaviour policy', 'Under the behaviour and anti-bullying policies; the material removed once the evidence is secured.', '002 appendix G; 004 §7.2', ['report_harmful_content']),
  step('bullying_police', 'Police if it may be a crime', 'If it is threatening, sexual, a hate crime, harassment or otherwise illegal.', '002 appendix G; 004 §7.2', ['police']),

  // A concern about a member of staff (an allegation).
  step('child_safe', 'Child safe now', 'If a child is at immediate risk: children’s social care and the police at once.', 'KCSiE Part 4', ['social_care', 'police']),
  step('lado_consulted', 'LADO consulted', 'Normally within one working day if it may meet the harm threshold, and before any investigation.', 'KCSiE Part 4; 004 §19.2', ['lado']),
  step('threshold_recorded', 'Harm threshold or low-level concern recorded', 'Which of the two it is, and why.', 'KCSiE Part 4; KCSiE Part 2 (record keeping)'),
  step('staff_not_told', 'Member of staff not told yet', 'Not told, and no investigation started, until agreed with the LADO; shared only with those who need to know.', 'KCSiE Part 4'),
  step('staff_devices_quarantined', 'Devices quarantined', 'Any school device involved, until police advice has been sought.', '004 §20.5', ['police']),
  step('conduct_action', 'Action agreed', 'Under the allegations policy and the code of conduct.', '004 §19.2'),
]);

export const PLAYBOOKS: readonly Playbook[] = Object.freeze([
  {
    id: 'nudes_images',
    title: 'Nudes, semi-nudes and indecent images',
    // 000 part 2 (non-consensual and self-generated images, CSAM); KCSiE (upskirting); UKCIS 2024 (AI-generated imagery).
    kinds: ['csam', 'sexting', 'non_consensual_images', 'deepfake_sexual_images', 'upskirting'],
    routes: [],
    steps: ['immediate_referral', 'device_secured', 'viewing_reason', 'risk_assessment', 'parents_informed', 'referral_decided', 'report_remove', 'deletion_agreed', 'pupil_support'],
  },
  {
    id: 'grooming',
    title: 'Online sexual abuse, exploitation and grooming',
    kinds: ['grooming'],
    routes: [],
    steps: ['police_informed', 'device_secured', 'ceop_report', 'risk_assessment', 'parents_informed', 'referral_decided', 'cse_intelligence', 'other_schools', 'pupil_support'],
  },
  {
    id: 'sextortion',
    title: 'Sextortion (sexual extortion)',
    kinds: ['sextortion'],
    routes: [],
    steps: ['immediate_referral', 'police_informed', 'sextortion_advice', 'device_secured', 'ceop_report', 'report_remove', 'parents_informed', 'pupil_support'],
  },
  {
    id: 'radicalisation',
    title: 'Radicalisation and extremism',
    kinds: ['terrorist_material', 'radicalisation'],
    routes: [],
    steps: ['immediate_risk', 'prevent_referral', 'extremist_material_blocked', 'parents_informed', 'referral_decided', 'pupil_support'],
  },
  {
    id: 'self_harm',
    title: 'Self-harm or suicide risk',
    kinds: ['self_harm'],
    routes: [],
    steps: ['immediate_risk', 'parents_informed', 'referral_decided', 'harmful_content_reported', 'pupil_support'],
  },
  {
    id: 'online_bullying',
    title: 'Online bullying',
    kinds: ['online_bullying'],
    routes: [],
    steps: ['bullying_evidence', 'bullying_meeting', 'bullying_investigated', 'bullying_police', 'parents_informed', 'pupil_support'],
  },
  {
    id: 'staff_allegation',
    title: 'A concern about a member of staff',
    kinds: [],
    // KCSiE Part 4: every staff route (the headteacher, the chair, the named alternate).
    routes: ['headteacher', 'chair_of_governors', 'chair_alternate'],
    steps: ['child_safe', 'lado_consulted', 'threshold_recorded', 'staff_not_told', 'staff_devices_quarantined', 'conduct_action'],
  },
] satisfies Playbook[]);
