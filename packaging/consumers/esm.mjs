import * as sdk from '@boxoffice/sdk';
import { bookTwoSeats } from './book-flow.cjs';

const result = await bookTwoSeats(sdk);
console.log(JSON.stringify({ entry: import.meta.resolve('@boxoffice/sdk'), ...result }));
