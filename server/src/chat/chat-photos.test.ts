import { chatPhotosSuite } from './chat-photos.suite.js';

chatPhotosSuite('local');
