export { PaperClassificationChipComponent, PaperReadChipComponent } from './lib/paper-chips.component';
export { PaperListComponent } from './lib/paper-list.component';
