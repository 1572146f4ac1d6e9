import { TestBed } from '@angular/core/testing';
import { tallyBallot, type BallotQuestion } from '@ecabinet/shared/contracts';
import { TallyTableComponent } from './tally-table.component';

const questions: BallotQuestion[] = [{ id: 'q-1', number: 1, text: 'Tán thành phạm vi điều chỉnh?' }];
const nine = Array.from({ length: 9 }, (_, i) => `u-${i + 1}`);

function render(final: boolean, answers = new Map<string, Map<string, 'agree' | 'disagree' | 'other'>>()): HTMLElement {
  const fixture = TestBed.createComponent(TallyTableComponent);
  fixture.componentRef.setInput('questions', questions);
  fixture.componentRef.setInput('tally', tallyBallot({ questions, recipientIds: nine, silenceRule: 'agree', chairId: null, answers }));
  fixture.componentRef.setInput('silenceRule', 'agree');
  fixture.componentRef.setInput('final', final);
  fixture.detectChanges();
  return fixture.nativeElement as HTMLElement;
}

const text = (root: HTMLElement, testId: string) => root.querySelector(`[data-testid="${testId}"]`)?.textContent?.replace(/\s+/g, ' ').trim();

describe('TallyTableComponent', () => {
  it('while open, with silence counted as agreement and 0 of 9 answers in, keeps answers and silence apart and does not pre-judge', () => {
    const view = render(false);
    expect(text(view, 'agree')).toBe('0');
    expect(text(view, 'silent')).toBe('9');
    expect(text(view, 'received')).toBe('Tán thành 0 · chưa trả lời 9');
    expect(text(view, 'outcome')).toBe('Nếu không ai trả lời thêm: Thông qua');
    expect(view.querySelector('ec-status-chip')).toBeNull();
    expect(text(view, 'tally-open-note')).toContain('chỉ áp dụng khi kết thúc');
  });

  it('once closed, applies silence and states the outcome as such', () => {
    const view = render(true);
    expect(text(view, 'agree')).toBe('9 trong đó 9 tính là tán thành');
    expect(text(view, 'outcome')).toBe('Thông qua');
    expect(view.querySelector('[data-testid="received"]')).toBeNull();
    expect(view.querySelector('[data-testid="tally-open-note"]')).toBeNull();
  });
});
