import './tracing';
import { runService } from '@lt/runtime';
import { startRouting } from './start-routing';

runService('routing', () => startRouting());
