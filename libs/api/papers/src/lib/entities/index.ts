import { PaperAnnotationEntity } from './paper-annotation.entity';
import {
  ItemExclusionEntity,
  MeetingBookEntity,
  PaperEntity,
  PaperReadEntity,
  PaperReaderEntity,
  PaperTraceEntity,
  PaperVersionEntity,
} from './paper.entity';

export { ItemExclusionEntity, MeetingBookEntity, PaperAnnotationEntity, PaperEntity, PaperReadEntity, PaperReaderEntity, PaperTraceEntity, PaperVersionEntity };

export const PAPER_ENTITIES = [
  PaperEntity,
  PaperVersionEntity,
  PaperReaderEntity,
  PaperReadEntity,
  ItemExclusionEntity,
  PaperTraceEntity,
  MeetingBookEntity,
  PaperAnnotationEntity,
];
