import { evidenceUploadSuite } from './evidence-upload.suite.js';

evidenceUploadSuite('local');
