export { PaperClassificationChipComponent, PaperReadChipComponent } from './lib/paper-chips.component';
export { PaperListComponent } from './lib/paper-list.component';
export { readStateOf, type PaperReadState } from './lib/read-state';
