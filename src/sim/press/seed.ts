// Default statements and videos the simulated press office starts with. Deterministic.
import type { PressModel } from './model.js';

const STATEMENTS: Array<{ slug: string; lang: 'ru' | 'en'; title: string; text: string }> = [
  { slug: 'zayavlenie-o-massovyh-zaderzhaniyah', lang: 'ru', title: 'Заявление пресс-службы о событиях 12 ноября', text: 'В ходе несанкционированной акции задержаны 14 человек.\nВсе задержанные доставлены в территориальные отделы полиции для составления протоколов.\nПрименение специальных средств не зафиксировано.' },
  { slug: 'o-proverke-soobscheniy-v-smi', lang: 'ru', title: 'О проверке сообщений в СМИ', text: 'Сведения, распространяемые в социальных сетях, не соответствуют действительности.\nПо каждому обращению проводится проверка в установленном порядке.' },
  { slug: 'statement-on-detained-journalists', lang: 'en', title: 'Statement on the detained journalists', text: 'Two journalists were detained for identity checks and released the same day.\nNo charges have been brought.' },
  { slug: 'itogi-operativno-sluzhebnoy-deyatelnosti', lang: 'ru', title: 'Итоги оперативно-служебной деятельности за октябрь', text: 'Раскрыто 1 284 преступления, что на 3,2% больше, чем годом ранее.\nСнижено число дорожно-транспортных происшествий.' },
  { slug: 'briefing-of-the-official-representative', lang: 'en', title: 'Briefing of the official representative', text: 'The ministry answered questions from the media about the events of November 12.\nThe full transcript will be published later.' },
];

export function seedPress(m: PressModel, start = Date.parse('2025-11-10T09:00:00Z')): void {
  STATEMENTS.forEach((s, i) => m.publish({ ...s, at: new Date(start + i * 86_400_000 + i * 3_600_000).toISOString() }));
  const videos = [
    { id: 'Pr3ssBr1ef1', title: 'Брифинг официального представителя', description: 'Полная запись брифинга. Стенограмма: https://example.invalid/press/', views: 1520 },
    { id: 'Pr3ssBr1ef2', title: 'Видеообращение министра', description: 'Обращение к гражданам.', views: 48211 },
    { id: 'Pr3ssBr1ef3', title: 'Statement for the foreign press', description: 'English-language statement.', views: 310 },
  ];
  videos.forEach((v, i) => m.publishVideo({ ...v, at: new Date(start + i * 43_200_000).toISOString() }));
}
