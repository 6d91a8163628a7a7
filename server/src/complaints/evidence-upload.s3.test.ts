import { evidenceUploadSuite } from './evidence-upload.suite.js';

// The same tests with blobs in an S3-compatible bucket (s3rver, started by the test).
evidenceUploadSuite('s3');
