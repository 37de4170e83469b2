import './tracing';
import { runService } from '@lt/runtime';
import { startSignatureVerification } from './start-signature-verification';

runService('signature-verification', () => startSignatureVerification());
