//! Charts drawn as vector rectangles and text: a horizontal bar chart of percentages, the same with a pair
//! of bars per row (before and after), and a single stacked bar of counts with its legend, each kept whole
//! on one page.

use super::text::Laid;
use super::{palette, Align, Rgb, Span, TextStyle, Writer, CONTENT_WIDTH, LEADING, MARGIN_X};

impl Writer<'_> {
    /// A horizontal bar chart of percentages: one row per `(label, value 0..=100, colour)`, with a light
    /// track, the value printed at the end and gridlines at 0/25/50/75/100 %. Kept on one page.
    pub fn horizontal_bar_chart(&mut self, title: &str, bars: &[(&str, f32, Rgb)]) {
        const LABEL_W: f32 = 150.0;
        const VALUE_W: f32 = 38.0;
        const BAR_H: f32 = 11.0;
        const ROW_GAP: f32 = 7.0;
        let label_style = TextStyle::BODY.sized(9.0);
        let title_laid = self.layout(&[Span::new(title, TextStyle::BODY.bold().sized(11.0))], CONTENT_WIDTH);
        let labels: Vec<Laid> =
            bars.iter().map(|(l, _, _)| self.layout(&[Span::new(*l, label_style)], LABEL_W - 10.0)).collect();
        let rows_h: f32 = labels.iter().map(|l| l.height().max(BAR_H) + ROW_GAP).sum();
        let axis_h = 16.0;
        let total = title_laid.height() + 8.0 + rows_h + axis_h;
        self.ensure(total);
        let top = self.y;
        self.draw_lines(&title_laid, 0..title_laid.lines.len(), MARGIN_X, top, CONTENT_WIDTH, Align::Left);
        let plot_x = MARGIN_X + LABEL_W;
        let plot_w = CONTENT_WIDTH - LABEL_W - VALUE_W;
        let plot_top = top - title_laid.height() - 8.0;
        let plot_bottom = plot_top - rows_h;
        self.gridlines(plot_x, plot_w, plot_bottom, rows_h);
        let mut y = plot_top;
        for ((_, value, color), label) in bars.iter().zip(&labels) {
            let row_h = label.height().max(BAR_H);
            let mid = y - ROW_GAP / 2.0 - row_h / 2.0;
            self.row_text(label, MARGIN_X, mid, LABEL_W - 10.0);
            let v = value.clamp(0.0, 100.0);
            self.fill_pdf(plot_x, mid - BAR_H / 2.0, plot_w, BAR_H, palette::TRACK);
            self.fill_pdf(plot_x, mid - BAR_H / 2.0, plot_w * v / 100.0, BAR_H, *color);
            let txt = self.layout(&[Span::new(format!("{}%", whole(v)), label_style.bold())], VALUE_W - 4.0);
            self.row_text(&txt, plot_x + plot_w + 4.0, mid, VALUE_W - 4.0);
            y -= row_h + ROW_GAP;
        }
        self.y = top - total;
        self.fresh = false;
        self.spacer(14.0);
    }

    /// A horizontal bar chart of percentages in pairs: one row per `(label, before, after)`, a thin muted
    /// bar for the value before above an accent bar for the value after, each row's two values printed at
    /// its end (`80% → 95%`), with a legend naming the two (`legend`) and gridlines at 0/25/50/75/100 %.
    /// Kept on one page.
    pub fn paired_bar_chart(&mut self, title: &str, legend: (&str, &str), rows: &[(&str, f32, f32)]) {
        const LABEL_W: f32 = 150.0;
        const VALUE_W: f32 = 70.0;
        const BEFORE_H: f32 = 5.0;
        const AFTER_H: f32 = 9.0;
        const ROW_GAP: f32 = 8.0;
        const BEFORE: Rgb = Rgb::hex(0xA7B1BC);
        let label_style = TextStyle::BODY.sized(9.0);
        let small = label_style.sized(7.5).colored(palette::MUTED);
        let title_laid = self.layout(&[Span::new(title, TextStyle::BODY.bold().sized(11.0))], CONTENT_WIDTH);
        let labels: Vec<Laid> =
            rows.iter().map(|(l, ..)| self.layout(&[Span::new(*l, label_style)], LABEL_W - 10.0)).collect();
        let pair_h = BEFORE_H + 2.0 + AFTER_H;
        let rows_h: f32 = labels.iter().map(|l| l.height().max(pair_h) + ROW_GAP).sum();
        let legend_h = LEADING * 7.5 + 6.0;
        let axis_h = 16.0;
        let total = title_laid.height() + 4.0 + legend_h + rows_h + axis_h;
        self.ensure(total);
        let top = self.y;
        self.draw_lines(&title_laid, 0..title_laid.lines.len(), MARGIN_X, top, CONTENT_WIDTH, Align::Left);
        let plot_x = MARGIN_X + LABEL_W;
        let plot_w = CONTENT_WIDTH - LABEL_W - VALUE_W;
        // The legend: a swatch and a name for each of the two bars.
        let legend_top = top - title_laid.height() - 4.0;
        let mut lx = plot_x;
        for (name, color, h) in [(legend.0, BEFORE, BEFORE_H), (legend.1, palette::ACCENT, AFTER_H)] {
            let laid = self.layout(&[Span::new(name, small)], 150.0);
            self.fill_pdf(lx, legend_top - (LEADING * 7.5 + h) / 2.0, 14.0, h, color);
            self.draw_lines(&laid, 0..1, lx + 18.0, legend_top, 150.0, Align::Left);
            lx += 18.0 + laid.lines.first().map_or(0.0, |l| l.width) + 16.0;
        }
        let plot_top = legend_top - legend_h;
        let plot_bottom = plot_top - rows_h;
        self.gridlines(plot_x, plot_w, plot_bottom, rows_h);
        let mut y = plot_top;
        for ((_, before, after), label) in rows.iter().zip(&labels) {
            let row_h = label.height().max(pair_h);
            let mid = y - ROW_GAP / 2.0 - row_h / 2.0;
            self.row_text(label, MARGIN_X, mid, LABEL_W - 10.0);
            let (before, after) = (before.clamp(0.0, 100.0), after.clamp(0.0, 100.0));
            let pair_top = mid + pair_h / 2.0;
            self.fill_pdf(plot_x, pair_top - BEFORE_H, plot_w, BEFORE_H, palette::TRACK);
            self.fill_pdf(plot_x, pair_top - BEFORE_H, plot_w * before / 100.0, BEFORE_H, BEFORE);
            let after_top = pair_top - BEFORE_H - 2.0;
            self.fill_pdf(plot_x, after_top - AFTER_H, plot_w, AFTER_H, palette::TRACK);
            self.fill_pdf(plot_x, after_top - AFTER_H, plot_w * after / 100.0, AFTER_H, palette::ACCENT);
            let text = [
                Span::new(format!("{}% → ", whole(before)), label_style.colored(palette::MUTED)),
                Span::new(format!("{}%", whole(after)), label_style.bold()),
            ];
            let txt = self.layout(&text, VALUE_W - 4.0);
            self.row_text(&txt, plot_x + plot_w + 4.0, mid, VALUE_W - 4.0);
            y -= row_h + ROW_GAP;
        }
        self.y = top - total;
        self.fresh = false;
        self.spacer(14.0);
    }

    /// Gridlines at 0, 25, 50, 75 and 100 % behind a plot's bars, with their percentages under its axis.
    fn gridlines(&mut self, plot_x: f32, plot_w: f32, plot_bottom: f32, height: f32) {
        let style = TextStyle::BODY.sized(7.5).colored(palette::MUTED);
        for k in 0..=4u8 {
            let x = plot_x + plot_w * f32::from(k) / 4.0;
            self.fill_pdf(x - 0.25, plot_bottom, 0.5, height, palette::RULE);
            let tick = self.layout(&[Span::new(format!("{}%", u32::from(k) * 25), style)], 40.0);
            self.draw_lines(&tick, 0..tick.lines.len(), x - 20.0, plot_bottom - 3.0, 40.0, Align::Center);
        }
    }

    /// A row's label or value, right-aligned in its column from `x`, `width` wide, centred on `mid`.
    fn row_text(&mut self, laid: &Laid, x: f32, mid: f32, width: f32) {
        self.draw_lines(laid, 0..laid.lines.len(), x, mid + laid.height() / 2.0, width, Align::Right);
    }

    /// A single stacked bar of counts (e.g. findings by severity) with counts inside
    /// the segments that are wide enough and a legend with every label and count below.
    /// Kept on one page.
    pub fn stacked_count_bar(&mut self, title: &str, parts: &[(&str, u32, Rgb)]) {
        const BAR_H: f32 = 24.0;
        let title_laid = self.layout(&[Span::new(title, TextStyle::BODY.bold().sized(11.0))], CONTENT_WIDTH);
        let total: u32 = parts.iter().map(|p| p.1).sum();
        let legend_style = TextStyle::BODY.sized(9.0);
        let legend: Vec<Laid> = parts
            .iter()
            .map(|(l, n, _)| self.layout(&[Span::new(format!("{l}: {n}"), legend_style)], CONTENT_WIDTH))
            .collect();
        // Legend entries flow left to right and wrap.
        let mut legend_pos = Vec::new();
        let (mut lx, mut ly) = (0.0f32, 0.0f32);
        let entry_h = LEADING * 9.0 + 4.0;
        for l in &legend {
            let w = 14.0 + l.lines.first().map_or(0.0, |x| x.width) + 18.0;
            if lx > 0.0 && lx + w > CONTENT_WIDTH {
                lx = 0.0;
                ly += entry_h;
            }
            legend_pos.push((lx, ly));
            lx += w;
        }
        let height = title_laid.height() + 8.0 + BAR_H + 10.0 + ly + entry_h;
        self.ensure(height);
        let top = self.y;
        self.draw_lines(&title_laid, 0..title_laid.lines.len(), MARGIN_X, top, CONTENT_WIDTH, Align::Left);
        let bar_top = top - title_laid.height() - 8.0;
        self.fill_pdf(MARGIN_X, bar_top - BAR_H, CONTENT_WIDTH, BAR_H, palette::TRACK);
        let mut x = MARGIN_X;
        for (_, n, color) in parts {
            if total == 0 || *n == 0 {
                continue;
            }
            let w = CONTENT_WIDTH * *n as f32 / total as f32;
            self.fill_pdf(x, bar_top - BAR_H, w, BAR_H, *color);
            let label = self.layout(&[Span::new(n.to_string(), legend_style.bold().colored(palette::WHITE))], w);
            if label.lines.len() == 1 && label.lines[0].width + 6.0 <= w {
                self.draw_lines(&label, 0..1, x, bar_top - (BAR_H - label.height()) / 2.0, w, Align::Center);
            }
            x += w;
        }
        let legend_top = bar_top - BAR_H - 10.0;
        for ((l, (lx, ly)), (_, _, color)) in legend.iter().zip(&legend_pos).zip(parts) {
            let row_top = legend_top - ly;
            let sq = 8.0;
            self.fill_pdf(MARGIN_X + lx, row_top - (LEADING * 9.0 + sq) / 2.0, sq, sq, *color);
            self.draw_lines(l, 0..1, MARGIN_X + lx + 14.0, row_top, CONTENT_WIDTH, Align::Left);
        }
        self.y = top - height;
        self.fresh = false;
        self.spacer(14.0);
    }
}

/// A percentage as a whole number, halves rounded up (54.5 % is 55 %): `{:.0}` would round them to even,
/// so that a section at 54.5 % in the tables read 54 % on its bar.
fn whole(percent: f32) -> f32 {
    percent.round()
}

#[cfg(test)]
mod tests {
    use super::whole;

    #[test]
    fn a_bar_shows_its_percentage_with_halves_rounded_up() {
        assert_eq!(format!("{}%", whole(54.5)), "55%");
        assert_eq!(format!("{}%", whole(54.4)), "54%");
        assert_eq!(format!("{:.0}%", 54.5_f32), "54%", "what `{{:.0}}` alone shows");
    }
}
