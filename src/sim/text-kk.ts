// Kazakh post sentences. Kazakh is agglutinative: a case is a suffix chosen by vowel harmony
// and by the stem's last sound (Қазақстан -> Қазақстанда, Қазақстанға, Қазақстанның), which is
// why search matches Kazakh words by substring (trigrams) rather than by a stemmer. Pure.

type Pick = <T>(xs: readonly T[]) => T;
export type KazakhCase = 'nom' | 'gen' | 'dat' | 'acc' | 'loc' | 'abl' | 'ins';

const BACK = 'аоұыя';
const FRONT = 'әөүіеэи'; // и: loans such as журналист take front suffixes (журналистің)
const VOWELS = 'аәеоөұүыіэюяи';
const GLIDES = 'уйр'; // and л, which takes -дар in the plural
const NASALS = 'мнң';
const VOICED = 'жз';

/** Front when the last harmonic vowel is front (у and ю do not decide; default back). */
const isFront = (w: string): boolean => {
  for (let i = w.length - 1; i >= 0; i--) {
    const c = w[i].toLowerCase();
    if (BACK.includes(c)) return false;
    if (FRONT.includes(c)) return true;
  }
  return false;
};

type Sound = 'vowel' | 'glide' | 'lateral' | 'nasal' | 'voiced' | 'voiceless';
const soundOf = (w: string): Sound => {
  const c = w[w.length - 1].toLowerCase();
  if (VOWELS.includes(c)) return 'vowel';
  if (GLIDES.includes(c)) return 'glide';
  if (c === 'л') return 'lateral';
  if (NASALS.includes(c)) return 'nasal';
  if (VOICED.includes(c)) return 'voiced';
  return 'voiceless';
};

// [back, front] per sound class; '' never occurs.
const SUFFIX: Record<Exclude<KazakhCase, 'nom'> | 'pl', Record<Sound, readonly [string, string]>> = {
  pl: { vowel: ['лар', 'лер'], glide: ['лар', 'лер'], lateral: ['дар', 'дер'], nasal: ['дар', 'дер'], voiced: ['дар', 'дер'], voiceless: ['тар', 'тер'] },
  gen: { vowel: ['ның', 'нің'], glide: ['дың', 'дің'], lateral: ['дың', 'дің'], nasal: ['ның', 'нің'], voiced: ['дың', 'дің'], voiceless: ['тың', 'тің'] },
  dat: { vowel: ['ға', 'ге'], glide: ['ға', 'ге'], lateral: ['ға', 'ге'], nasal: ['ға', 'ге'], voiced: ['ға', 'ге'], voiceless: ['қа', 'ке'] },
  acc: { vowel: ['ны', 'ні'], glide: ['ды', 'ді'], lateral: ['ды', 'ді'], nasal: ['ды', 'ді'], voiced: ['ды', 'ді'], voiceless: ['ты', 'ті'] },
  loc: { vowel: ['да', 'де'], glide: ['да', 'де'], lateral: ['да', 'де'], nasal: ['да', 'де'], voiced: ['да', 'де'], voiceless: ['та', 'те'] },
  abl: { vowel: ['дан', 'ден'], glide: ['дан', 'ден'], lateral: ['дан', 'ден'], nasal: ['нан', 'нен'], voiced: ['дан', 'ден'], voiceless: ['тан', 'тен'] },
  ins: { vowel: ['мен', 'мен'], glide: ['мен', 'мен'], lateral: ['мен', 'мен'], nasal: ['мен', 'мен'], voiced: ['бен', 'бен'], voiceless: ['пен', 'пен'] },
};

const attach = (stem: string, kind: keyof typeof SUFFIX): string => {
  const suffix = SUFFIX[kind][soundOf(stem)][isFront(stem) ? 1 : 0];
  // Loans in -ст drop the suffix's т: журналистер, журналистің (not журналисттер).
  return /ст$/.test(stem) && suffix.startsWith('т') ? stem + suffix.slice(1) : stem + suffix;
};

/** A noun (the last word of a phrase takes the suffixes) in a case, singular or plural. */
export function kazakhForm(phrase: string, c: KazakhCase, plural = false): string {
  const i = phrase.lastIndexOf(' ');
  const [head, word] = i < 0 ? ['', phrase] : [phrase.slice(0, i + 1), phrase.slice(i + 1)];
  const stem = plural ? attach(word, 'pl') : word;
  return head + (c === 'nom' ? stem : attach(stem, c));
}

const EVENTS = ['тергеу', 'наразылық', 'шағым', 'айыппұл', 'үкім', 'тінту', 'ереуіл', 'қысым', 'бұғаттау', 'мәлімдеме', 'жиын', 'қамау', 'сайлау', 'цензура'];
const PEOPLE = ['журналист', 'белсенді', 'адвокат', 'тілші', 'бақылаушы', 'құқық қорғаушы', 'блогер', 'студент', 'тұтқын', 'ерікті', 'редактор'];
const ORGS = ['полиция', 'прокуратура', 'сот', 'әкімдік', 'Ішкі істер министрлігі', 'Орталық сайлау комиссиясы'];
const PLACES = ['Алматы', 'Астана', 'Шымкент', 'Қарағанды', 'Ақтөбе', 'Атырау', 'Жаңаөзен', 'Орал', 'Павлодар', 'Семей', 'Қазақстан', 'Тараз'];
const NAMES = ['Ахметов', 'Нұрланов', 'Жұмабаев', 'Сейітов', 'Бекова', 'Әлиева', 'Қасымов', 'Тоқтаров', 'Мұратова', 'Серікбаев', 'Оспанов', 'Дәулетов'];
const TAILS = [
  'Толығырақ — біздің арнада.', 'Жаңалықтарды бақылаңыз.', 'Ақпарат екі дереккөзден тексерілді.',
  'Отбасыларға қолдау көрсетіңіздер.', 'Куә болсаңыз, бізге жазыңыз.', 'Біз жағдайды бақылауды жалғастырамыз.',
];

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export function kazakhSentence(r: () => number, pick: Pick): string {
  const pl = () => r() < 0.35;
  const who = pick(PEOPLE);
  const ev = pick(EVENTS);
  const n = 2 + Math.floor(r() * 14);
  switch (Math.floor(r() * 10)) {
    case 0:
      return `${kazakhForm(pick(PLACES), 'loc')} ${kazakhForm(ev, 'nom')} өтті.`;
    case 1:
      return `${cap(who)} ${pick(NAMES)} ${n} тәулікке қамалды.`;
    case 2:
      return `Сот ${kazakhForm(who, 'acc')} ${n} жылға бас бостандығынан айырды.`;
    case 3:
      return `${cap(kazakhForm(pick(ORGS), 'nom'))} ${kazakhForm(ev, 'abl')} кейін мәлімдеме жасады.`;
    case 4:
      return `Біз ${kazakhForm(pick(PEOPLE), 'gen', pl())} ${kazakhForm(ev, 'nom')} туралы хабарлаймыз.`;
    case 5:
      return `${cap(kazakhForm(who, 'gen'))} үйінде тінту жүргізілді.`;
    case 6:
      return `${kazakhForm(pick(PLACES), 'dat')} ${kazakhForm(pick(PEOPLE), 'nom', true)} келді.`;
    case 7:
      return `${cap(kazakhForm(pick(ORGS), 'nom'))} ${kazakhForm(ev, 'acc')} тексеруде.`;
    case 8:
      return `${cap(kazakhForm(who, 'ins'))} сұхбат жарияладық: ${kazakhForm(pick(PLACES), 'loc')} ${kazakhForm(pick(PEOPLE), 'nom', true)} ${kazakhForm(ev, 'dat')} қарсы шықты.`;
    default:
      return pick(TAILS);
  }
}
