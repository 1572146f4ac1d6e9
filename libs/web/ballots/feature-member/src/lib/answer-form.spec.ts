import type { BallotQuestion } from '@ecabinet/shared/contracts';
import { createAnswerForm, draftAnswers, fillAnswerForm, invalidAnswerCount } from './answer-form';

const questions: BallotQuestion[] = [
  { id: 'q-1', number: 1, text: 'Thông qua dự thảo Nghị định?' },
  { id: 'q-2', number: 2, text: 'Thời điểm có hiệu lực 01/01/2027?' },
];

describe('answer form', () => {
  it('is invalid until every question has a choice', () => {
    const form = createAnswerForm(questions);
    expect(invalidAnswerCount(form)).toBe(2);
    form.at(0).controls.choice.setValue('agree');
    expect(invalidAnswerCount(form)).toBe(1);
    form.at(1).controls.choice.setValue('disagree');
    expect(form.valid).toBe(true);
  });

  it('requires a non-blank comment for "other opinion", and only for it', () => {
    const form = createAnswerForm(questions);
    form.at(0).controls.choice.setValue('agree');
    form.at(1).controls.choice.setValue('other');
    const comment = form.at(1).controls.comment;
    expect(comment.hasError('commentRequired')).toBe(true);
    comment.setValue('   ');
    expect(comment.hasError('commentRequired')).toBe(true);
    comment.setValue('Đề nghị lùi thời điểm có hiệu lực');
    expect(form.valid).toBe(true);

    // Changing the choice re-checks the comment at once.
    comment.setValue('');
    expect(form.valid).toBe(false);
    form.at(1).controls.choice.setValue('disagree');
    expect(comment.valid).toBe(true);
    expect(form.valid).toBe(true);
  });

  it('refuses a comment longer than the server accepts', () => {
    const form = createAnswerForm(questions);
    form.at(0).controls.choice.setValue('disagree');
    form.at(0).controls.comment.setValue('x'.repeat(5001));
    expect(form.at(0).controls.comment.hasError('maxlength')).toBe(true);
  });

  it('restores a partial draft and gives back exactly the answered questions', () => {
    const form = createAnswerForm(questions);
    fillAnswerForm(form, [
      { questionId: 'q-2', choice: 'other', comment: 'Cần ý kiến Bộ Tài chính' },
      { questionId: 'q-unknown', choice: 'agree' },
    ]);
    expect(form.at(0).controls.choice.value).toBeNull();
    expect(form.at(1).valid).toBe(true);
    expect(draftAnswers(form)).toEqual([{ questionId: 'q-2', choice: 'other', comment: 'Cần ý kiến Bộ Tài chính' }]);
  });
});
