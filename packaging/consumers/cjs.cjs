const sdk = require('@boxoffice/sdk');
const { bookTwoSeats } = require('./book-flow.cjs');

bookTwoSeats(sdk).then(
  (result) => console.log(JSON.stringify({ entry: require.resolve('@boxoffice/sdk'), ...result })),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
