export { OfficerPageComponent } from './lib/officer-page/officer-page.component';
export { OfficerCaService, OfficerRefusedError } from './lib/officer-ca.service';
export { OFFICER_CA_VAULT, IndexedDbOfficerCaVault, type OfficerCaVault, type StoredOfficerCa } from './lib/officer-ca.vault';
export { OfficerApi } from './lib/officer.api';
