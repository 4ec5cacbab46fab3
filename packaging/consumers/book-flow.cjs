// What an integrator does first, on the memory store: a venue, an event, a hold of two seats,
// a confirm with the test gateway. Shared by the ESM and the CommonJS consumer: each passes
// the SDK as it loaded it.
module.exports.bookTwoSeats = async function bookTwoSeats(sdk) {
  const boxOffice = sdk.createBoxOffice({ store: await sdk.openStore('memory'), payments: sdk.createTestGateway() });
  try {
    const venue = await boxOffice.createVenue({
      name: 'Packed Hall',
      city: 'Lisbon',
      lat: 38.7,
      lon: -9.1,
      seatMap: { sections: [{ id: 'A', name: 'Stalls', tier: 'std', rows: [{ label: 'A', seatCount: 6 }] }] },
    });
    const event = await boxOffice.createEvent({
      title: 'Installed From A Tarball',
      startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      venueId: venue.id,
      prices: { std: 2500 },
    });
    const hold = await boxOffice.hold({ eventId: event.id, userId: 'alice', best: { quantity: 2 } });
    const booking = await boxOffice.confirm({ holdId: hold.id, userId: 'alice', paymentDetails: { token: 'tok_visa' }, idempotencyKey: `k-${hold.id}` });
    const audit = await boxOffice.audit(event.id);
    return { status: booking.status, tickets: booking.ticketIds.length, auditOk: audit.ok };
  } finally {
    await boxOffice.close();
  }
};
