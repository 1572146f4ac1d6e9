import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { DisabledReasonComponent } from './disabled-reason.component';

@Component({
  imports: [DisabledReasonComponent],
  template: `<button type="button" disabled aria-describedby="why">Kết thúc sớm</button><ec-disabled-reason id="why">Còn 2 thành viên chưa trả lời.</ec-disabled-reason>`,
})
class HostComponent {}

describe('DisabledReasonComponent', () => {
  it('shows the reason as visible text the disabled control is described by', () => {
    const fixture = TestBed.createComponent(HostComponent);
    fixture.detectChanges();
    const element = fixture.nativeElement as HTMLElement;
    const button = element.querySelector('button') as HTMLButtonElement;
    const reason = element.querySelector(`#${button.getAttribute('aria-describedby')}`) as HTMLElement;
    expect(reason.tagName.toLowerCase()).toBe('ec-disabled-reason');
    expect(reason.textContent?.trim()).toBe('Còn 2 thành viên chưa trả lời.');
  });
});
