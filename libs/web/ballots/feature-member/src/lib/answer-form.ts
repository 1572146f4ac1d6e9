import { type AbstractControl, FormArray, FormControl, FormGroup, type ValidationErrors, Validators } from '@angular/forms';
import type { BallotQuestion, OpinionChoice, OpinionInput } from '@ecabinet/shared/contracts';

/** The server's limit on a comment. */
export const COMMENT_MAX_LENGTH = 5000;

export type AnswerGroup = FormGroup<{
  questionId: FormControl<string>;
  choice: FormControl<OpinionChoice | null>;
  comment: FormControl<string>;
}>;

export type AnswerForm = FormArray<AnswerGroup>;

/** "Other opinion" must say what the opinion is: the comment is then required (blank is not enough). */
export function commentRequiredForOther(control: AbstractControl<string>): ValidationErrors | null {
  const choice = control.parent?.get('choice')?.value as OpinionChoice | null | undefined;
  return choice === 'other' && !control.value?.trim() ? { commentRequired: true } : null;
}

function createAnswerGroup(questionId: string): AnswerGroup {
  const group: AnswerGroup = new FormGroup({
    questionId: new FormControl(questionId, { nonNullable: true }),
    choice: new FormControl<OpinionChoice | null>(null, { validators: [Validators.required] }),
    comment: new FormControl('', { nonNullable: true, validators: [commentRequiredForOther, Validators.maxLength(COMMENT_MAX_LENGTH)] }),
  });
  // The comment's validity depends on the choice; re-check it whenever the choice changes.
  group.controls.choice.valueChanges.subscribe(() => group.controls.comment.updateValueAndValidity({ emitEvent: false }));
  return group;
}

/** One group per question, in the ballot's order. */
export function createAnswerForm(questions: readonly BallotQuestion[]): AnswerForm {
  return new FormArray(questions.map((question) => createAnswerGroup(question.id)));
}

/** Fills the form from a draft or an earlier answer; unknown questions are ignored. */
export function fillAnswerForm(form: AnswerForm, answers: readonly OpinionInput[]): void {
  const byQuestion = new Map(answers.map((answer) => [answer.questionId, answer]));
  for (const group of form.controls) {
    const answer = byQuestion.get(group.controls.questionId.value);
    if (answer) {
      group.patchValue({ choice: answer.choice, comment: answer.comment ?? '' }, { emitEvent: false });
      group.controls.comment.updateValueAndValidity({ emitEvent: false });
    }
  }
  form.updateValueAndValidity({ emitEvent: false });
}

/** The answers given so far (a draft may be partial); comments as typed. */
export function draftAnswers(form: AnswerForm): OpinionInput[] {
  return form.getRawValue().flatMap((answer) =>
    answer.choice ? [{ questionId: answer.questionId, choice: answer.choice, ...(answer.comment ? { comment: answer.comment } : {}) }] : [],
  );
}

/** How many questions still lack a valid answer. */
export function invalidAnswerCount(form: AnswerForm): number {
  return form.controls.filter((group) => group.invalid).length;
}
