import { TestBed } from '@angular/core/testing';
import type { Language } from '@ecabinet/web/shared/i18n';
import { LanguageSwitchComponent } from './language-switch.component';

describe('LanguageSwitchComponent', () => {
  it('marks the current language as checked and emits only a change of language', async () => {
    const fixture = TestBed.createComponent(LanguageSwitchComponent);
    fixture.componentRef.setInput('lang', 'vi');
    const chosen: Language[] = [];
    fixture.componentInstance.langChange.subscribe((lang) => chosen.push(lang));
    await fixture.whenStable();

    const buttons = [...(fixture.nativeElement as HTMLElement).querySelectorAll('button')];
    const vi = buttons.find((button) => button.textContent?.trim() === 'VI');
    const en = buttons.find((button) => button.textContent?.trim() === 'EN');
    expect(vi?.getAttribute('aria-checked')).toBe('true');
    expect(en?.getAttribute('aria-checked')).toBe('false');
    expect(en?.getAttribute('aria-label')).toBe('English (EN)');

    vi?.click();
    en?.click();
    expect(chosen).toEqual(['en']);
  });
});
