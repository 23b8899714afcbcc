/** Representative data for every card template: a full variant (every option on) and a minimal one. */
import {
  renderAskReporter,
  renderAua,
  renderDutyReminder,
  renderDutyStatus,
  renderDraftReminder,
  renderFilterRequest,
  renderConfirmation,
  renderIncidentDetails,
  renderIncidentSummary,
  renderNotice,
  renderOpenConcerns,
  renderPupilChronology,
  renderPupilMatches,
  renderPatternAlert,
  renderTask,
  renderFollowUp,
  renderReview,
  renderWizardStep,
} from '../../src/cards';
import type { AdaptiveCard, IncidentDetailsData, IncidentSummaryData, TemplateName, WizardStepData } from '../../src/cards';

export const wizardStep = (over: Partial<WizardStepData> = {}): WizardStepData => ({
  draftId: 'draft-1',
  stepId: 'what-happened',
  title: 'What happened?',
  intro: 'Tell us what you saw or heard, in your own words.',
  progress: 'Step 2 of 5',
  banners: [
    { kind: 'danger', title: 'Is a child in immediate danger?', text: 'Call 999 now, then tell a DSL in person.' },
    { kind: 'ukcis', title: 'Nudes and semi-nudes', text: 'Do not view, copy, print or forward the images.' },
  ],
  fields: [
    { id: 'summary', label: 'What happened', type: 'multiline', required: true, placeholder: 'Describe it', maxLength: 4000, value: 'A pupil showed me a message.' },
    { id: 'where', label: 'Where', type: 'text', required: false, help: 'For example, a classroom or an app.' },
    { id: 'link', label: 'Link, if any', type: 'url', required: false, value: 'https://example.org/post' },
    { id: 'date', label: 'Date', type: 'date', required: true, value: '2026-03-04' },
    { id: 'time', label: 'Time', type: 'time', required: false, value: '13:45' },
    { id: 'told', label: 'Did the pupil tell you directly?', type: 'choice', required: true, choices: [{ value: 'yes', title: 'Yes' }, { value: 'no', title: 'No' }], value: 'yes' },
    {
      id: 'apps',
      label: 'Which apps?',
      type: 'multichoice',
      required: false,
      choices: [{ value: 'snapchat', title: 'Snapchat' }, { value: 'tiktok', title: 'TikTok' }, { value: 'other', title: 'Other' }],
      value: ['snapchat', 'other'],
      error: 'Please choose at least one app.',
    },
    {
      id: 'subject',
      label: 'Who is it about?',
      type: 'person',
      dataset: 'people',
      required: false,
      placeholder: 'Type a name or a role',
      choices: [{ value: 'helen.carter@school.test', title: 'Helen Carter' }, { value: 'other', title: 'Someone not on this list' }],
      value: 'helen.carter@school.test',
    },
  ],
  canGoBack: true,
  ...over,
});

export const minimalWizardStep = (): WizardStepData => ({
  draftId: 'draft-1',
  stepId: 'about',
  title: 'Who is the concern about?',
  banners: [],
  fields: [{ id: 'category', label: 'The concern is about', type: 'choice', required: true, choices: [{ value: 'pupil', title: 'A pupil' }] }],
  canGoBack: false,
});

export const summary = (over: Partial<IncidentSummaryData> = {}): IncidentSummaryData => ({
  incidentId: 'inc-1',
  version: 3,
  reference: 'OS-2026-0042',
  kindLabel: 'Concern about a pupil',
  urgent: true,
  serious: true,
  reportedAt: '4 March 2026, 13:50',
  statusLabel: 'Reported',
  ownerName: 'Sam Patel',
  pendingProposal: { decisionLabel: 'Refer to children’s social care', proposedByName: 'Sam Patel' },
  ladoReminder: 'Consult the LADO within one working day.',
  actions: { ack: true, own: true, view: true },
  ...over,
});

export const allForms = { note: true, ask: true, propose: true, decide: true, approve: true, close: true, reopen: true, lado: true, own: true };
export const noForms = { note: false, ask: false, propose: false, decide: false, approve: false, close: false, reopen: false, lado: false, own: false };

export const details = (over: Partial<IncidentDetailsData> = {}): IncidentDetailsData => ({
  incidentId: 'inc-1',
  version: 3,
  reference: 'OS-2026-0042',
  kindLabel: 'Concern about a pupil',
  urgent: true,
  serious: true,
  statusLabel: 'Decision proposed',
  ownerName: 'Sam Patel',
  reportedBy: 'Alex Jones',
  reportedAt: '4 March 2026, 13:50',
  sections: [
    { title: 'What happened', facts: [{ title: 'What happened', value: 'A pupil showed me a message.' }, { title: 'Where', value: 'Classroom 4' }] },
    { title: 'Who was involved', facts: [{ title: 'Pupils', value: 'Year 9' }] },
  ],
  chronology: [
    { at: '4 March 2026, 13:50', actor: 'Alex Jones', text: 'Report made.' },
    { at: '4 March 2026, 14:05', actor: 'Sam Patel', text: 'Acknowledged.' },
  ],
  pendingProposal: { decisionLabel: 'Refer to children’s social care', proposedByName: 'Sam Patel', rationale: 'Risk of harm outside school.' },
  decisions: [
    { value: 'manage_internally', title: 'Manage in school' },
    { value: 'social_care', title: 'Refer to children’s social care' },
  ],
  forms: allForms,
  refreshUserIds: ['29:user-a', '29:user-b'],
  ...over,
});

/** A playbook checklist with one step still to do and one ticked. */
export const checklist = (): NonNullable<IncidentDetailsData['checklist']> => ({
  title: 'Checklist: Nudes, semi-nudes and indecent images',
  summary: '1 of 2 done. Each tick goes in the chronology with your name and the time.',
  steps: [
    { stepId: 'device_secured', line: '☐ Device secured', text: 'Kept safe and not searched.', detail: '004 §20.2', canTick: true, canUntick: false },
    { stepId: 'parents_informed', line: '☑ Parents or carers informed', text: 'Unless that would put the child at risk.', detail: '004 §20.2 · Contacts: Police', state: 'Done — Sam Patel, 4 March 2026, 15:00', canTick: false, canUntick: true },
  ],
  contacts: ['Police — 999 (immediate danger) / 101 (non-emergency)'],
});

/** Renders every template twice: with every option on, and with the minimum. */
export function renderEvery(): Record<TemplateName, { full: AdaptiveCard; minimal: AdaptiveCard }> {
  return {
    'wizard-step': { full: renderWizardStep(wizardStep()), minimal: renderWizardStep(minimalWizardStep()) },
    review: {
      full: renderReview({ draftId: 'draft-1', routeText: 'the safeguarding team (the DSL and deputies)',
        banners: [{ kind: 'ukcis', title: 'Before you send', text: 'Check you have not included images.' }],
        sections: [
          { stepId: 'what-happened', title: 'What happened', facts: [{ title: 'What happened', value: 'A message.' }, { title: 'Where', value: '' }] },
          { stepId: 'who', title: 'Who was involved', facts: [{ title: 'Pupils', value: 'Year 9' }] },
        ],
      }),
      minimal: renderReview({ draftId: 'draft-1', routeText: 'the safeguarding team (the DSL and deputies)', banners: [], sections: [] }),
    },
    confirmation: {
      full: renderConfirmation({
        reference: 'OS-2026-0042',
        urgent: true,
        whoIsTold: 'We are now telling the safeguarding team (the DSL and deputies). We will message you here when they have it.',
        nextSteps: ['A designated safeguarding lead will look at your report today.', 'They may ask you a question here.'],
      }),
      minimal: renderConfirmation({ reference: 'OS-2026-0043', urgent: false, whoIsTold: 'We are now telling the safeguarding team (the DSL and deputies). We will message you here when they have it.', nextSteps: [] }),
    },
    notice: {
      full: renderNotice({ title: 'Report cancelled', text: 'Nothing was sent.', style: 'warning' }),
      minimal: renderNotice({ title: 'Hello', text: 'Type report to start a report.' }),
    },
    'incident-summary': {
      full: renderIncidentSummary(summary()),
      minimal: renderIncidentSummary(
        summary({ urgent: false, ownerName: undefined, pendingProposal: undefined, ladoReminder: undefined, actions: { ack: false, own: false, view: false } }),
      ),
    },
    'incident-details': {
      full: renderIncidentDetails(
        details({
          checklist: checklist(),
          chronologyPage: { summary: 'Entries 11–12 of 12', earlierPage: 10, showLatest: true },
          tasks: { owners: [{ value: 'dana@school.test', title: 'Dana DSL' }], defaultOwner: 'dana@school.test', today: '2026-11-23', defaultTime: '17:00', open: [{ value: 'task-1', title: 'Phone mum (Dana DSL, due Fri 27 Nov 2026, 17:00)' }] },
          pupilRecords: { chronologies: [{ misId: 'P-100', name: 'Sam Carter (Samantha)' }], link: { rows: [{ value: '2', title: 'Jay (person 2)' }], suggestions: [{ value: 'P-7', title: 'Jay Patel (9JM)' }] } },
        }),
      ),
      minimal: renderIncidentDetails(
        details({ urgent: false, ownerName: undefined, sections: [], chronology: [], pendingProposal: undefined, decisions: [], forms: noForms, refreshUserIds: [] }),
      ),
    },
    'ask-reporter': {
      full: renderAskReporter({ requestId: 'req-1', reference: 'OS-2026-0042', question: 'Which app was it?', askedByName: 'Sam Patel' }),
      minimal: renderAskReporter({ requestId: 'req-2', reference: 'OS-2026-0042', question: '?', askedByName: 'Sam' }),
    },
    'duty-reminder': {
      full: renderDutyReminder({ reminderId: 'rem-1', title: 'Your AUA is due', text: 'Please sign by Monday.', style: 'warning', facts: [{ title: 'Due', value: 'Monday 30 November 2026' }], canSign: true, canRecord: true, canSnooze: true, recordTitle: 'Mark review done', notesLabel: 'Outcome', today: '2026-11-23' }),
      minimal: renderDutyReminder({ reminderId: 'rem-2', title: 'Due', text: '', facts: [], canSign: false, canRecord: false, canSnooze: false, today: '2026-11-23' }),
    },
    aua: {
      full: renderAua({ title: 'Acceptable use agreement', version: '2026-1', paragraphs: ['I will use school systems responsibly.', 'I will report concerns to the DSL.'] }),
      minimal: renderAua({ title: 'AUA', version: '1', paragraphs: [] }),
    },
    'duty-status': {
      full: renderDutyStatus({ title: 'Compliance', intro: '12 staff', sections: [{ title: 'Overdue', lines: ['AUA: Tom Teacher'] }, { title: 'Empty', lines: [] }], canRecordFor: true, trainingChoices: [{ value: 'staff_training', title: 'Safeguarding training' }] }),
      minimal: renderDutyStatus({ title: 'Your duties', sections: [], canRecordFor: false }),
    },
    'draft-reminder': {
      full: renderDraftReminder({ draftId: 'draft-1', title: 'You started an urgent report and did not send it', text: 'You started it at 14:02 (draft D-3F9A2C).' }),
      minimal: renderDraftReminder({ draftId: 'draft-2', title: 'Urgent report not sent', text: '' }),
    },
    'pupil-chronology': {
      full: renderPupilChronology({
        misId: 'P-100',
        name: 'Sam Carter (Samantha)',
        recordLine: 'Sam Carter (Samantha), Year 8, 8RB (MIS id P-100)',
        concernsTitle: '2 concerns',
        concerns: [{ incidentId: 'inc-1', reference: 'OS-2026-0042', reportedAt: 'Mon 23 Nov 2026, 16:20', statusLabel: 'Acknowledged', kindLabel: 'Contact', partLabel: 'target' }],
        entries: [{ at: 'Mon 23 Nov 2026, 16:20', reference: 'OS-2026-0042', actor: 'Alex Jones', text: 'Reported' }],
        page: { summary: 'Entries 11–12 of 12', earlierPage: 10, showLatest: true },
      }),
      minimal: renderPupilChronology({ misId: 'P-1', name: 'Jo Bloggs', recordLine: 'Jo Bloggs (MIS id P-1)', concernsTitle: '0 concerns', concerns: [], entries: [] }),
    },
    'open-concerns': {
      full: renderOpenConcerns({
        title: 'Open concerns',
        intro: 'Most pressing first.',
        filtersLine: 'Showing: owned by me · Contact · Sam Carter (Samantha) — 8RB',
        summary: 'Concerns 11–20 of 34',
        note: 'More than 5000 concerns are open: only the oldest 5000 are listed.',
        filters: {
          filter: 'mine',
          filterChoices: [{ value: 'all', title: 'All open concerns' }, { value: 'mine', title: 'Owned by me' }],
          kind: 'contact',
          kindChoices: [{ value: 'any', title: 'Any kind' }, { value: 'contact', title: 'Contact — any kind' }],
          pupil: { value: 'P-100', choices: [{ value: 'P-100', title: 'Sam Carter (Samantha) — 8RB' }] },
        },
        concerns: [
          { incidentId: 'inc-1', reference: 'OS-2026-0042', flag: 'URGENT — not yet acknowledged', kindLabel: "Concern about a pupil's safety online — Contact", statusLabel: 'New — not yet acknowledged', ageLine: 'Open for 3 days', ownerLine: 'No owner' },
          { incidentId: 'inc-2', reference: 'OS-2026-0043', kindLabel: 'Other concern', statusLabel: 'Acknowledged', ageLine: 'Open for 12 minutes', ownerLine: 'Owner: Dana DSL' },
        ],
        applied: { filter: 'mine', kind: 'contact', misId: 'P-100' },
        cleared: { filter: 'all', kind: 'any', misId: '' },
        canClear: true,
        previousPage: 1,
        nextPage: 3,
      }),
      minimal: renderOpenConcerns({
        title: 'Allegations routed to you',
        intro: 'Open allegations.',
        summary: 'No open allegations.',
        filters: { filter: 'all', filterChoices: [{ value: 'all', title: 'All open concerns' }], kind: 'any', kindChoices: [{ value: 'any', title: 'Any kind' }] },
        concerns: [],
        applied: { filter: 'all', kind: 'any', misId: '' },
        cleared: { filter: 'all', kind: 'any', misId: '' },
        canClear: false,
      }),
    },
    'pupil-matches': {
      full: renderPupilMatches({ query: 'carter', pupils: [{ misId: 'P-100', title: 'Sam Carter (8RB)' }, { misId: 'P-101', title: 'Tom Carter (10KP) — left 2026-07-22' }], more: true }),
      minimal: renderPupilMatches({ query: 'x', pupils: [], more: false }),
    },
    'pattern-alert': {
      full: renderPatternAlert({
        title: 'Pattern: a pupil’s 3rd concern in 42 days',
        text: 'One pupil is named in 3 concerns reported in the last 42 days (school setting patterns.repeated_concerns).',
        concerns: [
          { reference: 'OS-2026-0040', reportedAt: 'Mon 2 Nov 2026, 09:10', kindLabel: "Concern about a pupil's safety online — Conduct" },
          { reference: 'OS-2026-0042', reportedAt: 'Mon 23 Nov 2026, 16:20', kindLabel: "Concern about a pupil's safety online — Contact" },
        ],
        misId: 'P-100',
        incidentId: 'inc-1',
        footer: 'The child’s chronology opens for the DSL team only.',
      }),
      minimal: renderPatternAlert({ title: 'Pattern', text: '', concerns: [], incidentId: 'inc-2', footer: '' }),
    },
    'follow-up': {
      full: renderFollowUp({ incidentId: 'inc-1', version: 3, reference: 'OS-2026-0042', values: { parents: 'informed', parentsWho: 'Mum, by phone', parentsWhen: '2026-11-23', parentsReason: '', advice: 'Social care front door', platform: 'WhatsApp', sanctions: 'None', support: 'Weekly check-in', community: 'Assembly on kindness online', reviews: 'policy,filtering' } }),
      minimal: renderFollowUp({ incidentId: 'inc-1', version: 1, reference: 'OS-2026-0001', values: { parents: '', parentsWho: '', parentsWhen: '', parentsReason: '', advice: '', platform: '', sanctions: '', support: '', community: '', reviews: '' } }),
    },
    task: {
      full: renderTask({ title: 'A task is overdue: Dev Deputy has not marked it done', text: 'Please check with them, or take it on.', style: 'attention', facts: [{ title: 'Task', value: 'Phone mum' }, { title: 'Concern', value: 'OS-2026-0042' }], taskId: 'task-1', incidentId: 'inc-1', reference: 'OS-2026-0042' }),
      minimal: renderTask({ title: 'This task is done', text: '', style: 'good', facts: [], incidentId: 'inc-1', reference: 'OS-2026-0042' }),
    },
    'filter-request': {
      full: renderFilterRequest({ requestId: 'fr-1', title: 'Unblock request', text: 'Tom asks to unblock a site.', facts: [{ title: 'Site', value: 'https://example.org' }], form: false, canDecide: true, canConfirm: true, confirmTitle: 'I have changed it' }),
      minimal: renderFilterRequest({ title: 'Ask to unblock a site', facts: [], form: true, canDecide: false, canConfirm: false }),
    },
  };
}
