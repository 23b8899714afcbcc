/**
 * Data contracts of the card render functions. Render functions take display-ready strings
 * (labels, formatted dates): deciding what a person may see belongs to the core, not to cards.
 */

/** An expanded Adaptive Card, ready to attach (contentType application/vnd.microsoft.card.adaptive). */
export type AdaptiveCard = Record<string, unknown> & {
  type: 'AdaptiveCard';
  version: '1.5';
  $schema: string;
};

/** A prominent notice above a form: `danger` (immediate risk, attention style) or `ukcis` (guidance). */
export interface Banner {
  kind: 'danger' | 'ukcis';
  title: string;
  text: string;
}

/** One title/value pair (shown as a label above its value, see escape.ts for why not a FactSet). */
export interface Fact {
  title: string;
  value: string;
}

export type WizardFieldType = 'text' | 'multiline' | 'date' | 'time' | 'choice' | 'multichoice' | 'url' | 'person';

export interface WizardField {
  /** Becomes the input id, so the submitted data is keyed by it. */
  id: string;
  label: string;
  type: WizardFieldType;
  required: boolean;
  placeholder?: string;
  help?: string;
  maxLength?: number;
  choices?: { value: string; title: string }[];
  /** `person` fields: the typeahead data set (Teams Data.Query; Slack loads options from the bot). `choices` are then the initial list. */
  dataset?: string;
  /** The current answer, shown so a step revisited keeps what was typed. */
  value?: string | string[];
  /** A validation message from the core, shown under the field. */
  error?: string;
}

export interface WizardStepData {
  draftId: string;
  stepId: string;
  title: string;
  intro?: string;
  /** e.g. "Step 2 of 5". */
  progress?: string;
  banners: Banner[];
  fields: WizardField[];
  canGoBack: boolean;
}

export interface ReviewData {
  draftId: string;
  banners: Banner[];
  /** Who the report will go to, in broad terms (decided by the core's routing). */
  routeText: string;
  sections: { stepId: string; title: string; facts: Fact[] }[];
}

export interface ConfirmationData {
  /** e.g. OS-2026-0042. */
  reference: string;
  urgent: boolean;
  /** The sentence saying who is being told, e.g. "We are now telling the headteacher, privately." (never "we have told" before delivery, which would be untrue until it is sent). */
  whoIsTold: string;
  nextSteps: string[];
}

export interface NoticeData {
  title: string;
  text: string;
  style?: 'default' | 'attention' | 'good' | 'warning';
}

export interface IncidentSummaryData {
  incidentId: string;
  version: number;
  reference: string;
  /** Broad kind only, e.g. "Concern about a pupil": the summary goes to channels and DMs. */
  kindLabel: string;
  urgent: boolean;
  /** A serious kind (the school's triage): flagged on the card even when it does not page. */
  serious: boolean;
  reportedAt: string;
  statusLabel: string;
  ownerName?: string;
  pendingProposal?: { decisionLabel: string; proposedByName: string };
  ladoReminder?: string;
  actions: { ack: boolean; own: boolean; view: boolean };
}

/** Which forms and buttons the viewer may use (decided by the core from their role and the status). */
export interface IncidentForms {
  note: boolean;
  ask: boolean;
  propose: boolean;
  decide: boolean;
  approve: boolean;
  close: boolean;
  reopen: boolean;
  lado: boolean;
  own: boolean;
}

/** One step of a playbook checklist as the details view shows it; display strings only. */
export interface ChecklistStepView {
  /** The step's id: the only thing its buttons carry besides the incident's id and version. */
  stepId: string;
  /** "☐ Device secured" or "☑ Device secured". */
  line: string;
  text: string;
  /** The source and the contacts the step needs. */
  detail: string;
  /** "Done — Dana DSL, Wed 2 Dec 2026, 10:00" once ticked. */
  state?: string;
  canTick: boolean;
  canUntick: boolean;
}

/** The incident's checklist: title, progress, steps and the contacts its steps name. */
export interface ChecklistView {
  title: string;
  summary: string;
  steps: ChecklistStepView[];
  contacts: string[];
}

/** One page of a long chronology: "Entries 11–20 of 45", and the buttons to the earlier and the latest pages. */
export interface ChronologyPage {
  summary: string;
  /** The position a "Show earlier" button shows the entries before (the first entry shown); absent on the earliest page. */
  earlierPage?: number;
  /** A "Show latest" button, on any page but the latest. */
  showLatest: boolean;
}

export interface IncidentDetailsData {
  incidentId: string;
  version: number;
  reference: string;
  kindLabel: string;
  urgent: boolean;
  /** A serious kind (the school's triage): flagged on the card even when it does not page. */
  serious: boolean;
  statusLabel: string;
  ownerName?: string;
  reportedBy: string;
  reportedAt: string;
  sections: { title: string; facts: Fact[] }[];
  chronology: { at: string; actor: string; text: string }[];
  /** When the chronology has more than one page: where this page is, and the page before it. */
  chronologyPage?: ChronologyPage;
  pendingProposal?: { decisionLabel: string; proposedByName: string; rationale: string };
  decisions: { value: string; title: string }[];
  forms: IncidentForms;
  /** The playbook checklist for the incident's kinds or route, when it has one. */
  checklist?: ChecklistView;
  /** Issue #11, for the DSL team: a button to each named pupil's chronology, and the form linking a typed name to a pupil. */
  pupilRecords?: { chronologies: { misId: string; name: string }[]; link?: { rows: { value: string; title: string }[]; suggestions: { value: string; title: string }[] } };
  /** Teams user MRIs that get the user-specific (refreshed) view; Teams honours at most 60. */
  refreshUserIds: string[];
}

/** Issue #11: a child's chronology, as the DSL team reads it. */
export interface PupilChronologyData {
  misId: string;
  name: string;
  /** Year, form, MIS id and leaving date. */
  recordLine: string;
  concernsTitle: string;
  concerns: { incidentId: string; reference: string; reportedAt: string; statusLabel: string; kindLabel: string; partLabel: string }[];
  entries: { at: string; reference: string; actor: string; text: string }[];
  page?: ChronologyPage;
}

/** Issue #11: the pupils a `chronology <name>` search found. */
export interface PupilMatchesData {
  query: string;
  pupils: { misId: string; title: string }[];
  /** More pupils match than are shown. */
  more: boolean;
}

/** Issue #7: the one reminder to a reporter who left an urgent report unsent; the button reopens the draft. */
export interface DraftReminderData {
  draftId: string;
  title: string;
  text: string;
}

export interface AskReporterData {
  requestId: string;
  reference: string;
  question: string;
  askedByName: string;
}
