/** The wizard's core views rendered as Adaptive Cards (Teams sends them; Slack converts them). */
import type { WizardView } from '../core/incidents/report-flow';
import { renderConfirmation, renderNotice, renderReview, renderWizardStep, type AdaptiveCard } from '../cards';

/** The card for a wizard view. */
export function wizardCard(view: WizardView): AdaptiveCard {
  switch (view.kind) {
    case 'step':
      return renderWizardStep({
        draftId: view.draftId,
        stepId: view.step.id,
        title: view.step.title,
        intro: view.step.intro,
        progress: view.progress,
        banners: view.banners,
        canGoBack: view.canGoBack,
        fields: view.step.fields.map((f) => ({ ...f, value: view.values[f.id], error: view.errors[f.id] })),
      });
    case 'review':
      return renderReview({
        draftId: view.draftId,
        banners: view.banners,
        sections: view.sections,
        routeText: view.routeText,
      });
    case 'submitted':
      return renderConfirmation({ reference: view.incident.reference, urgent: view.incident.urgent, whoIsTold: view.routeText, nextSteps: view.nextSteps });
    case 'cancelled':
      return renderNotice({ title: 'Report cancelled', text: 'Nothing was sent and your draft has been deleted. Send "report" whenever you need to start again.' });
  }
}
