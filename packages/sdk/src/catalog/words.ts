/** Word lists the catalog generator composes its names and blurbs from. */
const list = (text: string): readonly string[] => text.trim().split(/\s*,\s*/);

export const ADJECTIVES = list(`Midnight, Electric, Velvet, Golden, Silver, Crimson, Neon, Wild, Lonely, Broken,
  Northern, Southern, Hollow, Burning, Frozen, Silent, Lucky, Fading, Howling, Wandering, Scarlet, Atomic,
  Cosmic, Paper, Glass, Iron, Copper, Stone, Royal, Savage, Gentle, Hidden, Rolling, Rusty, Sunday, Restless,
  Blue, Black, White, Bright, Dusty, Honey, Sleepy, Ragged, Lunar, Solar, Amber, Marble, Violet, Desert`);

export const NOUNS = list(`Owls, Wolves, Rivers, Lanterns, Foxes, Pilots, Tigers, Ghosts, Strangers, Kings,
  Satellites, Echoes, Hearts, Shadows, Horses, Sparrows, Mountains, Machines, Dreamers, Saints, Comets, Ravens,
  Harbors, Giants, Arrows, Bandits, Monarchs, Wildflowers, Oceans, Thieves, Lovers, Rebels, Sirens, Orchards,
  Engines, Drifters, Prophets, Caravans, Pioneers, Mirrors`);

export const FIRST_NAMES = list(`Amelia, Oliver, Sofia, Mateo, Aisha, Liam, Chloe, Noah, Yuki, Elena, Marcus,
  Priya, Lucas, Zara, Diego, Hannah, Kofi, Ingrid, Rafael, Nadia, Samuel, Leila, Jonas, Maya, Tomás, Freya,
  Omar, Clara, Felix, Ines, Hugo, Amara, Ruby, Kenji, Lena, Theo, Alma, Isaac, Mia, Emil, Rosa, Ezra, Nina,
  Caleb, Julia, Malik, Stella, Arjun, Vera, Leon`);

export const LAST_NAMES = list(`Hart, Moreno, Lindqvist, Okafor, Bianchi, Novak, Delgado, Fischer, Kowalski,
  Tanaka, Dubois, Silva, Andersen, Romero, Mensah, Carter, Rossi, Petrov, Haddad, Murphy, Jensen, Costa,
  Nakamura, Schmidt, Laurent, Walsh, Ortega, Brennan, Vogel, Sato, Reyes, Keller, Moretti, Byrne, Castillo,
  Larsen, Duarte, Fontaine, Hughes, Adeyemi, Valdez, Sinclair, Marsh, Quinn, Rivera, Hale, Ibarra, Kruger,
  Lowe, Navarro`);

export const GENRES = list(`rock, pop, jazz, hip hop, electronic, country, classical, metal, indie, folk, soul,
  blues, reggae, latin, punk, r&b, funk, opera`);

export const TOUR_NAMES = list(`World Tour, Summer Tour, Farewell Tour, Reunion Tour, Greatest Hits Tour,
  Unplugged, Acoustic Nights, Arena Tour, Anniversary Tour, Homecoming, Live and Loud, The Long Road,
  Night Drive, Open Skies, Neon Dreams, Electric Summer, Golden Hour, After Dark, Wide Awake, Echo Chamber`);

export const MASCOTS = list(`Lions, Eagles, Sharks, Bears, Hawks, Knights, Rangers, Stallions, Vipers, Falcons,
  Titans, Rockets, Thunder, Storm, United, Rovers, Wanderers, Pirates, Giants, Warriors`);

export const SPORTS = list(`basketball, football, soccer, baseball, hockey, rugby, volleyball, handball`);

/** Public-domain plays, operas and ballets. */
export const STAGE_CLASSICS = list(`Hamlet, Macbeth, Romeo and Juliet, A Midsummer Night's Dream, The Tempest,
  Twelfth Night, King Lear, Othello, Much Ado About Nothing, The Importance of Being Earnest, A Doll's House,
  The Cherry Orchard, Uncle Vanya, Pygmalion, Peter Pan, The Seagull, Cyrano de Bergerac, Swan Lake,
  The Nutcracker, La Traviata, Carmen, The Magic Flute, Madama Butterfly, Tosca, Giselle, Don Giovanni,
  La Bohème, The Barber of Seville, Sleeping Beauty, An Ideal Husband, Hedda Gabler, The Three Sisters`);

export const FAIRY_TALES = list(`Cinderella, Pinocchio, The Little Mermaid, Hansel and Gretel, Snow White,
  The Snow Queen, Alice in Wonderland, The Jungle Book, Aladdin, Puss in Boots, Rapunzel, Sleeping Beauty`);

export const ANIMALS = list(`Dinosaurs, Penguins, Dragons, Unicorns, Pirates, Robots, Monkeys, Dolphins`);

export const EXPOS = list(`Wine & Food Expo, Comic Con, Antiques Fair, Tech Summit, Book Fair, Design Week,
  Craft Beer Festival, Film Night, Car Show, Tattoo Convention, Vintage Market, Science Fair`);

export const COMEDY_SHOWS = list(`Overthinking It, Unfiltered, No Notes, Family Matters, Work in Progress,
  Late Again, Small Talk, Mixed Feelings, Plan B, Nobody Asked, Completely Fine, Growing Pains`);

export const DESCRIPTION_OPENERS = list(`An unforgettable night, A show not to miss, Back by popular demand,
  Critics call it a triumph, One night only in each city, The season's most talked-about show,
  A career-spanning set, Fresh from a sold-out run, A celebration for the whole family, An evening of surprises`);
