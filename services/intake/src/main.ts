import './tracing';
import { runService } from '@lt/runtime';
import { startIntake } from './start-intake';

runService('intake', () => startIntake());
