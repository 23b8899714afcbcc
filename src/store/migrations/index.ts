/** Every migration, oldest first (TypeORM orders them by the timestamp ending each class name). */
import { InitialSchema1767225600000 } from './1767225600000-initial-schema';
import { Slack1767312000000 } from './1767312000000-slack';
import { Duties1767398400000 } from './1767398400000-duties';
import { StaffLeft1767484800000 } from './1767484800000-staff-left';
import { Serious1767571300000 } from './1767571300000-serious';
import { FilterApprovals1767571500000 } from './1767571500000-filter-approvals';
import { DraftAlerts1767571600000 } from './1767571600000-draft-alerts';
import { Heartbeats1767571800000 } from './1767571800000-heartbeats';
import { TeamsInstalls1767572200000 } from './1767572200000-teams-installs';
import { DeliveryAttempts1767573100000 } from './1767573100000-delivery-attempts';
import { StaffImportStaging1767573400000 } from './1767573400000-staff-import-staging';
import { PeriodicIndexes1767574100000 } from './1767574100000-periodic-indexes';
import { SchoolDutyIndex1767574300000 } from './1767574300000-school-duty-index';
import { Pupils1767574500000 } from './1767574500000-pupils';
import { PupilLinks1767574700000 } from './1767574700000-pupil-links';
import { PatternAlerts1767574900000 } from './1767574900000-pattern-alerts';
import { Tasks1767575100000 } from './1767575100000-tasks';

export const MIGRATIONS = [InitialSchema1767225600000, Slack1767312000000, Duties1767398400000, StaffLeft1767484800000, Serious1767571300000, FilterApprovals1767571500000, DraftAlerts1767571600000, Heartbeats1767571800000, TeamsInstalls1767572200000, DeliveryAttempts1767573100000, StaffImportStaging1767573400000, PeriodicIndexes1767574100000, SchoolDutyIndex1767574300000, Pupils1767574500000, PupilLinks1767574700000, PatternAlerts1767574900000, Tasks1767575100000];
