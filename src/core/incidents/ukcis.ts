/**
 * The UKCIS rule in the wizard: what staff must and must not do when a concern involves nudes,
 * semi-nudes or sexual images of a child, and the staff path's question that brings it in.
 *
 * Sources: UKCIS "Sharing nudes and semi-nudes: advice for education settings" (March 2024): do not
 * view, copy, print, share, store or delete the imagery, do not ask the child to share or send it,
 * do not search the device, do not question the child about what it shows, do not blame; tell the DSL
 * at once. 004 §20.2 (never view, send, share, save; secure the device; images are deleted only once
 * other agencies are not needed), §20.5 (IIOC: devices secured, IWF / police); 002 appendix G (never
 * print or forward indecent images of children, never ask to see them).
 *
 * Nothing here, nor anywhere in the bot, tells a reporter to delete an image: deleting destroys
 * evidence the police may need (004 §20.2), and only the DSL decides, with the police.
 */
import type { Answers } from '../model';
import type { Banner, Field } from './wizard';

/** The do's and don'ts, one sentence each, in the order a member of staff needs them. */
export const UKCIS_RULES: readonly string[] = Object.freeze([
  'Do not view, copy, screenshot, print, forward, save or delete any image or video, even to protect the child.',
  'Do not ask the child, or anyone, to show it to you or send it to you.',
  'Do not question the child about the image or what it shows: listen, reassure them, and leave the questions to the DSL.',
  'Do not blame or shame the child; they have done the right thing by telling someone.',
  'If a device is involved, switch it off or put it somewhere safe and hand it to the DSL; do not look through it.',
  'Tell the DSL now, in person or by phone, as well as sending this report.',
]);

/** Above every later step and on the review: the rules in short. */
export const UKCIS_BANNER: Banner = {
  kind: 'ukcis',
  title: 'Nudes, semi-nudes or sexual images: do not look, do not share, do not delete',
  text: 'Do not view, copy, forward or delete any image, and do not ask the child to show or send it. Do not question or blame the child. Secure any device for the DSL without looking through it. Tell the DSL now. Describe what you know in this report: never attach an image.',
};

/** The UKCIS step's own text: every rule in full. */
export const UKCIS_STEP_INTRO = `${UKCIS_RULES.join(' ')} In this report, describe what you know: never attach an image.`;

/** The staff path has no kinds step: this question brings the UKCIS step in, so nude images on the staff path get its guidance too. */
export const STAFF_CHILD_IMAGES_FIELD: Field = {
  id: 'child_images',
  label: 'Does this involve nudes, semi-nudes or sexual images of a child or young person under 18?',
  type: 'choice',
  required: true,
  choices: [
    { value: 'yes', title: 'Yes' },
    { value: 'not_sure', title: 'Not sure' },
    { value: 'no', title: 'No' },
  ],
  help: 'Including images that are AI-generated, or that someone is using to threaten a child.',
};

/** True when the staff path's answer brings in the UKCIS step (yes, or not sure: treat it as yes). */
export function staffChildImages(answers: Answers): boolean {
  return answers.child_images === 'yes' || answers.child_images === 'not_sure';
}
