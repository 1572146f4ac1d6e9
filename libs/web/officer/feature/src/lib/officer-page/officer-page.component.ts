import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import type { OfficerAuthorityResponse, PendingKeyResponse, RevokedKeyResponse } from '@ecabinet/shared/contracts';
import { fromBase64, toPem } from '@ecabinet/shared/trust';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { DateTimePipe, TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { IconComponent, PageHeaderComponent, StatusChipComponent, confirmAction, saveBlob } from '@ecabinet/web/shared/ui';
import { filter, firstValueFrom } from 'rxjs';
import { OfficerApi } from '../officer.api';
import { OfficerCaService, OfficerRefusedError } from '../officer-ca.service';
import type { StoredOfficerCa } from '../officer-ca.vault';

/** Groups of four hex digits, as people read a fingerprint aloud. */
const group = (hex: string) => hex.match(/.{1,4}/g)?.join(' ') ?? hex;

/**
 * The certificate officer's desk: the issuing CA on this device (made here, its request signed
 * offline by the root holder, its certificate loaded back), and the members' device keys waiting,
 * each certified on this device after the officer compares its fingerprint with the member's screen;
 * and the revocation list of the keys his CA certified that were since revoked, signed here.
 */
@Component({
  selector: 'ec-officer-page',
  imports: [MatButtonModule, MatProgressBarModule, PageHeaderComponent, IconComponent, StatusChipComponent, TranslatePipe, DateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './officer-page.component.html',
  styleUrl: './officer-page.component.scss',
})
export class OfficerPageComponent {
  private readonly api = inject(OfficerApi);
  private readonly ca = inject(OfficerCaService);
  private readonly auth = inject(AuthStore);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(TranslationService);

  protected readonly device = signal<StoredOfficerCa | null>(null);
  protected readonly authorities = signal<OfficerAuthorityResponse[]>([]);
  protected readonly pending = signal<PendingKeyResponse[]>([]);
  protected readonly revoked = signal<RevokedKeyResponse[]>([]);
  /** Revoked keys the list published last does not name yet. */
  protected readonly unlisted = computed(() => this.revoked().filter((key) => !key.listed).length);
  /** The list this device signed and published in this visit, to hand to the inspectors. */
  protected readonly lastCrl = signal<string | null>(null);
  protected readonly loading = signal(true);
  protected readonly busy = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly group = group;

  constructor() {
    void this.reload();
  }

  /** The registered CA whose key is this device's, if any. */
  protected active(): OfficerAuthorityResponse | null {
    const device = this.device();
    return device?.certificate ? (this.authorities().find((a) => a.fingerprint === device.fingerprint) ?? null) : null;
  }

  protected async createCa(): Promise<void> {
    const user = this.auth.user();
    if (!user) return;
    if (this.device()) {
      const again = await firstValueFrom(
        confirmAction(this.dialog, {
          title: this.i18n.translate('officer.recreateTitle'),
          message: this.i18n.translate('officer.recreateMessage'),
          confirmLabel: this.i18n.translate('officer.recreate'),
          destructive: true,
        }),
      );
      if (!again) return;
    }
    await this.run('create', async () => {
      this.device.set(await this.ca.create(user.id, user.fullName));
      this.downloadRequest();
    });
  }

  protected downloadRequest(): void {
    const device = this.device();
    const user = this.auth.user();
    if (!device || !user) return;
    saveBlob(new Blob([toPem(fromBase64(device.csr) ?? new Uint8Array(), 'CERTIFICATE REQUEST')], { type: 'application/pkcs10' }), `officer-${user.username}.csr`);
  }

  protected async installCertificate(input: HTMLInputElement): Promise<void> {
    const user = this.auth.user();
    const file = input.files?.[0];
    input.value = '';
    if (!user || !file) return;
    await this.run('install', async () => {
      const installed = await this.ca.install(user.id, new Uint8Array(await file.arrayBuffer()));
      await firstValueFrom(this.api.registerAuthority(installed.certificate ?? ''));
      this.device.set(installed);
      this.authorities.set(await firstValueFrom(this.api.authorities()));
      await this.loadRevoked();
      this.snackBar.open(this.i18n.translate('officer.installed'), this.i18n.translate('common.close'), { duration: 5000 });
    });
  }

  protected certify(key: PendingKeyResponse): void {
    const user = this.auth.user();
    if (!user) return;
    confirmAction(this.dialog, {
      title: this.i18n.translate('officer.certifyTitle', { name: key.fullName }),
      message: this.i18n.translate('officer.certifyMessage', { name: key.fullName, device: key.label, fingerprint: group(key.fingerprint) }),
      confirmLabel: this.i18n.translate('officer.certify'),
    })
      .pipe(filter(Boolean))
      .subscribe(() =>
        void this.run(key.id, async () => {
          const certificate = await this.ca.certify(user.id, key);
          await firstValueFrom(this.api.certify(key.id, certificate));
          this.pending.update((list) => list.filter((k) => k.id !== key.id));
          this.snackBar.open(this.i18n.translate('officer.certified', { name: key.fullName }), this.i18n.translate('common.close'), { duration: 5000 });
        }),
      );
  }

  /** Signs the revocation list of every revoked key this CA certified, on this device, and publishes it. */
  protected publishCrl(): void {
    const user = this.auth.user();
    const authority = this.active();
    if (!user || !authority) return;
    confirmAction(this.dialog, {
      title: this.i18n.translate('officer.crlConfirmTitle'),
      message: this.i18n.translate('officer.crlConfirmMessage', { n: this.revoked().length }),
      confirmLabel: this.i18n.translate('officer.crlPublish'),
    })
      .pipe(filter(Boolean))
      .subscribe(() =>
        void this.run('crl', async () => {
          // The list is made from what the server says now, so a key revoked meanwhile is on it.
          const revoked = await firstValueFrom(this.api.revokedKeys(authority.id));
          const crl = await this.ca.signCrl(user.id, revoked);
          const updated = await firstValueFrom(this.api.publishCrl(authority.id, crl));
          this.authorities.update((list) => list.map((a) => (a.id === updated.id ? updated : a)));
          this.lastCrl.set(crl);
          await this.loadRevoked();
          this.snackBar.open(this.i18n.translate('officer.crlPublished', { n: revoked.length }), this.i18n.translate('common.close'), { duration: 5000 });
        }),
      );
  }

  protected downloadCrl(): void {
    const crl = this.lastCrl();
    const user = this.auth.user();
    if (!crl || !user) return;
    saveBlob(new Blob([toPem(fromBase64(crl) ?? new Uint8Array(), 'X509 CRL')], { type: 'application/pkix-crl' }), `crl-${user.username}.pem`);
  }

  private async loadRevoked(): Promise<void> {
    const authority = this.active();
    this.revoked.set(authority ? await firstValueFrom(this.api.revokedKeys(authority.id)) : []);
  }

  protected async reload(): Promise<void> {
    const user = this.auth.user();
    if (!user) return;
    this.loading.set(true);
    this.error.set(null);
    try {
      const [device, authorities, pending] = await Promise.all([this.ca.load(user.id), firstValueFrom(this.api.authorities()), firstValueFrom(this.api.pendingKeys())]);
      this.device.set(device);
      this.authorities.set(authorities);
      this.pending.set(pending);
      await this.loadRevoked();
    } catch (error) {
      this.error.set(this.describe(error));
    } finally {
      this.loading.set(false);
    }
  }

  private async run(what: string, work: () => Promise<void>): Promise<void> {
    if (this.busy()) return;
    this.busy.set(what);
    this.error.set(null);
    try {
      await work();
    } catch (error) {
      this.error.set(this.describe(error));
    } finally {
      this.busy.set(null);
    }
  }

  private describe(error: unknown): string {
    if (error instanceof OfficerRefusedError) return this.i18n.translate(`officer.refused.${error.reason}`);
    if (error instanceof DOMException || (error instanceof TypeError && !('status' in error))) return this.i18n.translate('officer.noCrypto');
    return this.i18n.describeError(error);
  }
}
