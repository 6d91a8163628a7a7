import { chatPhotosSuite } from './chat-photos.suite.js';

// The same tests with blobs in an S3-compatible bucket (s3rver, started by the test).
chatPhotosSuite('s3');
