//! Markdown tables with aligned columns, and the number formats used in them.

/// How a column is aligned (numbers right, text left).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A markdown table built row by row and rendered with padded columns.
pub struct Table {
    headers: Vec<(String, Align)>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column headers and alignments.
    pub fn new(headers: &[(&str, Align)]) -> Table {
        Table {
            headers: headers.iter().map(|&(h, a)| (h.to_string(), a)).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row; missing cells are left empty, extra cells are dropped.
    pub fn row(&mut self, cells: Vec<String>) {
        let mut cells = cells;
        cells.resize(self.headers.len(), String::new());
        self.rows.push(cells);
    }

    /// The table as markdown, ending with a newline.
    pub fn render(&self) -> String {
        let widths: Vec<usize> = (0..self.headers.len())
            .map(|c| {
                let cells = self.rows.iter().map(|r| r[c].chars().count());
                cells
                    .chain([self.headers[c].0.chars().count(), 3])
                    .max()
                    .unwrap_or(3)
            })
            .collect();
        let mut out = String::new();
        let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
        out += &line(
            self.headers
                .iter()
                .zip(&widths)
                .map(|((h, a), &w)| pad(h, w, *a))
                .collect(),
        );
        out += &line(
            self.headers
                .iter()
                .zip(&widths)
                .map(|((_, a), &w)| match a {
                    Align::Left => "-".repeat(w),
                    Align::Right => format!("{}:", "-".repeat(w - 1)),
                })
                .collect(),
        );
        for row in &self.rows {
            out += &line(
                row.iter()
                    .zip(&self.headers)
                    .zip(&widths)
                    .map(|((cell, (_, a)), &w)| pad(cell, w, *a))
                    .collect(),
            );
        }
        out
    }
}

fn pad(text: &str, width: usize, align: Align) -> String {
    let fill = " ".repeat(width.saturating_sub(text.chars().count()));
    match align {
        Align::Left => format!("{text}{fill}"),
        Align::Right => format!("{fill}{text}"),
    }
}

/// Milliseconds with a precision that suits the magnitude: `0.42`, `12.3`, `1234`.
pub fn ms(seconds: f64) -> String {
    let ms = seconds * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2}")
    } else if ms < 100.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.0}")
    }
}

/// A ratio such as `2.41x`.
pub fn ratio(value: f64) -> String {
    format!("{value:.2}x")
}

/// A percentage such as `3.4%`.
pub fn pct(value: f64) -> String {
    format!("{value:.1}%")
}

/// An integer with thousands separators: `1,234,567`.
pub fn count(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_aligned_markdown() {
        let mut t = Table::new(&[("name", Align::Left), ("ms", Align::Right)]);
        t.row(vec!["fib".into(), "12.5".into()]);
        t.row(vec!["mandelbrot".into()]);
        assert_eq!(
            t.render(),
            "| name       |   ms |\n\
             | ---------- | ---: |\n\
             | fib        | 12.5 |\n\
             | mandelbrot |      |\n"
        );
    }

    #[test]
    fn number_formats() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(ms(0.00042), "0.42");
        assert_eq!(ms(0.0123), "12.3");
        assert_eq!(ms(1.2346), "1235");
        assert_eq!(ratio(2.414), "2.41x");
        assert_eq!(pct(3.44), "3.4%");
    }
}
