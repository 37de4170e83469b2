import './tracing';
import { runService } from '@lt/runtime';
import { startAudit } from './start-audit';

runService('audit', () => startAudit());
