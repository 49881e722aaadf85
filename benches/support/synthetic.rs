//! Synthetic contributions for benchmarks: template workbooks filled with realistic rows
//! (Cyrillic text of real lengths, deadlines and amounts in their real variety), the same
//! for the same seed.

use rust_xlsxwriter::XlsxError;
use zakrila::config::Programme;

/// splitmix64: a small, well-known generator; enough for reproducible test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const ACTIVITY_PARTS: [&str; 10] = [
    "Провеждане на информационни кампании и инициативи на училищно и общинско ниво",
    "за повишаване на информираността на децата и родителите",
    "Осигуряване на ресурсно подпомагане и подкрепа на децата и учениците със специални образователни потребности",
    "в обща образователна среда, включително чрез мултидисциплинарни екипи",
    "Развитие на иновативни здравно-социални услуги за деца с увреждания и техните семейства",
    "Подкрепа на деца и родители с цел превенция на изоставянето и настаняването извън семейството",
    "Организиране на спортни събития, ученически игри и ваканционни програми",
    "чрез сътрудничество между институциите, доставчиците на социални услуги и НПО",
    "Превенция на употребата на наркотични и нови психоактивни вещества сред учениците",
    "Работа с родителите и близките на децата — консултации, групови сесии и обучения",
];

const INDICATORS: [&str; 8] = [
    "Брой обхванати деца",
    "Брой проведени мероприятия",
    "Брой участвали специалисти от институции",
    "Брой информационни материали",
    "Брой консултирани родители",
    "Дял на обхванатите ученици",
    "Брой реновирани училища, ДЯ и ДГ, в т.ч. и дворните пространства",
    "Брой деца със СОП, ползващи социална услуга",
];

const DEADLINES: [&str; 12] = [
    "2025 г.-2026 г.",
    "2025 г.",
    "2026г.",
    "м. март 2025 г.",
    "Май, август 2026 г.",
    "юни – ноември 2025 г.",
    "I тримесечие 2026 г.",
    "учебната 2025/2026 г.",
    "до 30.06.2026 г.",
    "целогодишно",
    "01.09.2025 г. - 30.06.2026 г.",
    "Октомври 2025 г.",
];

/// What the rows look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(dead_code)] // each user of this module takes the mixes it needs
pub enum Mix {
    /// 1–3 indicators per activity, activity texts of 80–400 characters built from ten
    /// phrases (so texts repeat across files).
    Current,
    /// One indicator per activity, activity texts of 300–900 characters that differ from
    /// every other activity's (each names its institution, file and number), and a longer
    /// expected result: the national data of issue #17.
    Long,
}

/// Writes a filled template with `rows` data rows for institution `institution` (index),
/// in the [`Mix::Current`] mix.
#[allow(dead_code)]
pub fn contribution(
    programme: &Programme,
    rows: usize,
    seed: u64,
    institution: usize,
) -> Result<Vec<u8>, XlsxError> {
    contribution_with(programme, rows, seed, institution, Mix::Current)
}

/// As [`contribution`], in the given mix.
pub fn contribution_with(
    programme: &Programme,
    rows: usize,
    seed: u64,
    institution: usize,
    mix: Mix,
) -> Result<Vec<u8>, XlsxError> {
    let mut rng = Rng::new(seed);
    let mut workbook = zakrila::write::template::new_workbook(programme)?;
    zakrila::write::template::add_sheets(&mut workbook, programme)?;
    let lead = &programme.institutions[institution % programme.institutions.len()].name;
    let sheet = workbook.worksheet_from_name("Институция")?;
    sheet.write(0, 1, lead.as_str())?;
    sheet.write(1, 1, "Мария Петрова")?;
    sheet.write(3, 1, "082 825 001")?;
    sheet.write(4, 1, "m.petrova@ruse.bg")?;

    let goals: Vec<(u32, &zakrila::config::Goal)> = programme
        .priorities
        .iter()
        .flat_map(|p| p.goals.iter().map(move |g| (p.number, g)))
        .collect();
    let sheet = workbook.worksheet_from_name("Дейности")?;
    let mut row = 1u32;
    let mut activity = 0usize;
    while (row as usize) <= rows {
        let (priority, goal) = goals[(activity * goals.len() / rows.max(1) * 3) % goals.len()];
        activity += 1;
        let indicators = match mix {
            Mix::Current => 1 + rng.below(3),
            Mix::Long => 1,
        };
        for k in 0..indicators {
            if (row as usize) > rows {
                break;
            }
            if k == 0 {
                sheet.write(row, 0, priority)?;
                sheet.write(row, 1, goal.code.as_str())?;
                sheet.write(row, 2, format!("{}.{activity}", goal.code))?;
                let words = match mix {
                    Mix::Current => 1 + rng.below(3),
                    Mix::Long => 4 + rng.below(6),
                };
                let mut text: Vec<&str> = (0..words).map(|_| *rng.pick(&ACTIVITY_PARTS)).collect();
                let unique;
                if mix == Mix::Long {
                    unique = format!("(дейност {activity} на {lead}, файл {seed})");
                    text.push(&unique);
                }
                sheet.write(row, 3, text.join(" "))?;
                sheet.write(row, 4, *rng.pick(&DEADLINES))?;
                let result = "Повишена информираност и по-добър достъп до услуги";
                match mix {
                    Mix::Current => sheet.write(row, 5, result)?,
                    Mix::Long => sheet.write(
                        row,
                        5,
                        format!(
                            "{result}; {} {}",
                            rng.pick(&ACTIVITY_PARTS),
                            rng.pick(&ACTIVITY_PARTS)
                        ),
                    )?,
                };
                match rng.below(4) {
                    0 => {
                        sheet.write(row, 10, (rng.below(200_000) as f64) / 4.0)?;
                        sheet.write(row, 11, "EUR")?;
                    }
                    1 => {
                        sheet.write(row, 10, (rng.below(400_000) as f64) / 4.0)?;
                        sheet.write(row, 11, "BGN")?;
                    }
                    _ => {}
                }
                sheet.write(row, 12, "Бюджет на отговорната институция")?;
                sheet.write(row, 14, lead.as_str())?;
                let partners: Vec<&str> = (0..rng.below(4))
                    .map(|_| {
                        programme.institutions[rng.below(programme.institutions.len())]
                            .name
                            .as_str()
                    })
                    .collect();
                sheet.write(row, 15, partners.join("; "))?;
            }
            sheet.write(row, 6, *rng.pick(&INDICATORS))?;
            sheet.write(row, 8, rng.below(500) as f64)?;
            sheet.write(row, 9, (500 + rng.below(500)) as f64)?;
            row += 1;
        }
    }
    workbook.save_to_buffer()
}
