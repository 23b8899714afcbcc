/** Every migration, oldest first (TypeORM orders them by the timestamp ending each class name). */
import { InitialSchema1767225600000 } from './1767225600000-initial-schema';

export const MIGRATIONS = [InitialSchema1767225600000];
