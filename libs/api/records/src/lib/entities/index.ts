import { DocumentNumberEntity } from './document-number.entity';
import { MinutesEntity } from './minutes.entity';
import { ResolutionEntity } from './resolution.entity';
import { TaskAttachmentEntity, TaskNoticeEntity, TaskUpdateEntity } from './task-update.entity';
import { TaskEntity, TaskOrganisationEntity } from './task.entity';

export { DocumentNumberEntity, MinutesEntity, ResolutionEntity, TaskEntity, TaskOrganisationEntity, TaskUpdateEntity, TaskAttachmentEntity, TaskNoticeEntity };
export const RECORD_ENTITIES = [MinutesEntity, DocumentNumberEntity, ResolutionEntity, TaskEntity, TaskOrganisationEntity, TaskUpdateEntity, TaskAttachmentEntity, TaskNoticeEntity];
