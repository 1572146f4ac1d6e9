import type { HttpTestingController } from '@angular/common/http/testing';
import { IdentityErrorCode, type OrganisationResponse } from '@ecabinet/shared/contracts';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatSelectHarness } from '@angular/material/select/testing';
import { openDialog, testUser } from '../dialog-test-bed';
import { OrganisationFormDialogComponent, type OrganisationFormDialogData } from './organisation-form-dialog.component';

const lan = testUser({ id: 'm-2', username: 'member2', fullName: 'Phạm Thị Lan', title: 'Bộ trưởng Bộ Tư pháp', createdAt: '' });

describe('OrganisationFormDialogComponent', () => {
  let backend: HttpTestingController;
  let close: jest.Mock;

  async function open(organisation: OrganisationResponse | null) {
    const data: OrganisationFormDialogData = { organisation, heads: [lan] };
    const dialog = await openDialog(OrganisationFormDialogComponent, data);
    ({ backend, close } = dialog);
    return dialog;
  }

  afterEach(() => backend.verify());

  it('takes a symbol typed in lower case, saves it in upper case, and says in place when it is taken', async () => {
    const { fixture, view, fill, save } = await open(null);
    fill('name', 'Ủy ban nhân dân thành phố Hà Nội');
    fill('shortName', 'UBND Hà Nội');
    fill('symbol', 'ubnd-hn');
    await fixture.whenStable();
    expect(view.textContent).not.toContain('Ký hiệu gồm chữ in hoa');
    await save();
    const first = backend.expectOne({ method: 'POST', url: '/api/organisations' });
    expect(first.request.body).toEqual({ name: 'Ủy ban nhân dân thành phố Hà Nội', shortName: 'UBND Hà Nội', symbol: 'UBND-HN' });
    first.flush({ statusCode: 409, code: IdentityErrorCode.ORGANISATION_SYMBOL_TAKEN, message: 'taken', correlationId: 'c' }, { status: 409, statusText: 'Conflict' });
    await fixture.whenStable();
    expect(view.querySelector('mat-error')?.textContent).toContain('Ký hiệu này đã được dùng cho một cơ quan khác.');
    expect(close).not.toHaveBeenCalled();

    // A symbol with a space is refused before anything is sent.
    fill('symbol', 'UBND HN');
    await save();
    backend.expectNone('/api/organisations');
    expect(view.textContent).toContain('Ký hiệu gồm chữ in hoa, chữ số hoặc dấu gạch ngang');
  });

  it('edits one and clears its head with "not set"', async () => {
    const existing: OrganisationResponse = { id: 'o-1', name: 'Bộ Tư pháp', shortName: 'Tư pháp', symbol: 'BTP', headUserId: 'm-2', headName: 'Phạm Thị Lan', active: true, memberCount: 1, createdAt: '', updatedAt: '' };
    const { fixture, save } = await open(existing);
    const head = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatSelectHarness.with({ selector: '[data-testid="organisation-head"]' }));
    await head.open();
    await head.clickOptions({ text: 'Chưa chỉ định' });
    await save();
    const patch = backend.expectOne({ method: 'PATCH', url: '/api/organisations/o-1' });
    expect(patch.request.body).toEqual({ name: 'Bộ Tư pháp', shortName: 'Tư pháp', symbol: 'BTP', headUserId: null });
    patch.flush({ ...existing, headUserId: null, headName: null });
    await fixture.whenStable();
    expect(close).toHaveBeenCalledWith(expect.objectContaining({ id: 'o-1', headUserId: null }));
  });
});
