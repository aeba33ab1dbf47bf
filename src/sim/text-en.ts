// English post sentences with the word forms search must join (detain, detained, detention,
// detentions). Pure.

type Pick = <T>(xs: readonly T[]) => T;

/** [singular, plural] */
const EVENTS = [['investigation', 'investigations'], ['detention', 'detentions'], ['arrest', 'arrests'], ['raid', 'raids'], ['fine', 'fines'], ['trial', 'trials'], ['deportation', 'deportations'], ['interrogation', 'interrogations']] as const;
const PEOPLE = [['journalist', 'journalists'], ['activist', 'activists'], ['lawyer', 'lawyers'], ['blogger', 'bloggers'], ['observer', 'observers'], ['student', 'students'], ['editor', 'editors'], ['volunteer', 'volunteers']] as const;
const VERBS = [['detains', 'detained', 'detaining'], ['searches', 'searched', 'searching'], ['questions', 'questioned', 'questioning'], ['charges', 'charged', 'charging'], ['fines', 'fined', 'fining']] as const;
const ORGS = ['Police', 'Prosecutors', 'The interior ministry', 'A district court', 'The city administration', 'Security services'];
const CITIES = ['Almaty', 'Astana', 'Shymkent', 'Karaganda', 'Aktobe', 'Atyrau', 'Zhanaozen', 'Moscow', 'Minsk', 'Bishkek', 'Tbilisi', 'Kazan'];
const NAMES = ['Akhmetov', 'Nurlanov', 'Zhumabaev', 'Seitova', 'Ivanova', 'Kassymov', 'Toktarov', 'Muratova', 'Petrov', 'Ospanov'];
const TOPICS = ['political grounds', 'a peaceful protest', 'posts on Telegram', 'reporting on corruption', 'an online petition', 'election monitoring'];
const TAILS = ['Full report below.', 'Stay safe and share responsibly.', 'Sources verified.', 'Updates to follow.', 'If you witnessed this, write to us.'];

export function englishSentence(r: () => number, pick: Pick): string {
  const [ev, evs] = pick(EVENTS);
  const [who, whos] = pick(PEOPLE);
  const verb = pick(VERBS);
  switch (Math.floor(r() * 8)) {
    case 0:
      return `${pick(ORGS)} ${verb[1]} ${who} ${pick(NAMES)} in ${pick(CITIES)} over ${pick(TOPICS)}.`;
    case 1:
      return `Our monitors report new ${evs} of ${whos} in ${pick(CITIES)}.`;
    case 2:
      return `A court sentenced ${who} ${pick(NAMES)} to ${2 + Math.floor(r() * 7)} years in prison on charges linked to ${pick(TOPICS)}.`;
    case 3:
      return `The ${ev} of ${whos} who covered ${pick(TOPICS)} continues; ${pick(ORGS).toLowerCase()} declined to comment.`;
    case 4:
      return `${pick(ORGS)} keep ${verb[2]} ${whos} after the rally in ${pick(CITIES)}: at least ${5 + Math.floor(r() * 20)} people were ${verb[1]}.`;
    case 5:
      return `We are tracking the ${ev} of ${who} ${pick(NAMES)} and the ${evs} that followed.`;
    case 6:
      return `${pick(ORGS)} ${verb[0]} ${whos} for ${pick(TOPICS)}, rights groups say.`;
    default:
      return pick(TAILS);
  }
}
