#pragma once
// Every heading and word the report's renderers print, in one table. The report has no language
// setting (it is for Dutch funders), so this is the Dutch table; the CSV's measure names and the
// JSON's keys are machine names, not headings, and stay in the renderers. Internal to
// services/report*.cpp.
namespace bk::report_detail {

struct ReportWords {
  // Markdown
  const char* title;    // "# Cijfers <from> t/m <to>"
  const char* through;  // between two dates
  const char* legend;
  const char* activities_title;
  const char* activity;
  const char* by_category_title;
  const char* category;
  const char* dates_held;
  const char* dates_cancelled;
  const char* people_registered;
  const char* people_waitlisted;
  const char* cancellations;
  const char* help_title;
  const char* help_kind;
  const char* help_open;
  const char* help_claimed;
  const char* help_done;
  const char* help_cancelled;
  const char* help_total;
  const char* median_to_claim;
  const char* median_to_done;
  const char* by_week_title;
  const char* week;
  const char* by_month_title;
  const char* month;
  const char* help_requests;
  const char* by_centre_title;  // a regional report's line per centre
  const char* centre;
  // JSON
  const char* json_legend;
  // SVG chart
  const char* chart_title;    // <title>, followed by the period
  const char* chart_heading;  // the text at the top
  const char* chart_axis;
  const char* chart_x_axis;
  const char* chart_people;
  const char* chart_help;
  const char* chart_legend;  // XML-escaped
};

inline constexpr ReportWords kReportWords = {
    .title = "Cijfers",
    .through = "t/m",
    .legend = "`<5` = 1 tot 4 (klein aantal, niet getoond); `x` = niet getoond, zodat een klein aantal niet "
        "uit een totaal terug te rekenen is; `-` = mediaan over minder dan 5 hulpvragen.",
    .activities_title = "Activiteiten",
    .activity = "activiteit",
    .by_category_title = "Per categorie",
    .category = "categorie",
    .dates_held = "keren gehouden",
    .dates_cancelled = "afgelast",
    .people_registered = "aangemeld (personen)",
    .people_waitlisted = "wachtlijst (personen)",
    .cancellations = "afmeldingen",
    .help_title = "Hulpvragen",
    .help_kind = "soort",
    .help_open = "open",
    .help_claimed = "opgepakt",
    .help_done = "afgerond",
    .help_cancelled = "geannuleerd",
    .help_total = "totaal",
    .median_to_claim = "mediaan uren tot opgepakt",
    .median_to_done = "mediaan uren tot afgerond",
    .by_week_title = "Per week",
    .week = "week",
    .by_month_title = "Per maand",
    .month = "maand",
    .help_requests = "hulpvragen",
    .by_centre_title = "Per centrum",
    .centre = "centrum",
    .json_legend = "\"<5\": 1 to 4; \"x\": hidden so that a small count cannot be worked out from a total; "
        "median null: fewer than 5 requests",
    .chart_title = "Aanmeldingen en hulpvragen per week",
    .chart_heading = "Aanmeldingen (personen) en hulpvragen per week",
    .chart_axis = "aantal",
    .chart_x_axis = "ISO-week",
    .chart_people = "aanmeldingen (personen)",
    .chart_help = "hulpvragen",
    .chart_legend = "&lt;5 = 1 tot 4, x = verborgen",
};

}  // namespace bk::report_detail
