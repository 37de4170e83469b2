import './tracing';
import { runService } from '@lt/runtime';
import { startDelivery } from './start-delivery';

runService('delivery', () => startDelivery());
