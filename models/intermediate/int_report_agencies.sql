-- Every report with the agency it belongs to: the printed name (title_agency), normalised, is
-- matched exactly against the registry's names and aliases (int_agency_names).
-- 每份报告对应的机关：标题中的机关名称规范化后与登记表的全称、别名精确匹配。
--
-- agency_id is the registry's id; a name that matches no registry row gets
-- "unregistered:<normalised name>" (so the same unregistered agency still pairs across years),
-- and a report whose agency could not be read gets "unknown:<report_id>" (it pairs with nothing).
-- With each report's 落款 date (LATE_PUBLICATION) and narrative signature (COPY_PASTE).

with

reports as (

    select * from {{ ref('stg_reports__reports') }}

),

agency_names as (

    select * from {{ ref('int_agency_names') }}

),

normalized as (

    select
        report_id,
        report_year,
        title_agency,
        published_on,
        narrative_signature,
        {{ normalize_agency_name('title_agency') }} as normalized_agency_name
    from reports

),

final as (

    select
        normalized.report_id,
        normalized.report_year,
        normalized.title_agency,
        normalized.normalized_agency_name,
        coalesce(
            agency_names.agency_id,
            'unregistered:' || normalized.normalized_agency_name,
            'unknown:' || normalized.report_id
        ) as agency_id,
        agency_names.agency_id is not null as is_registered,
        coalesce(agency_names.name_match, 'unregistered') as name_match,
        normalized.published_on,
        normalized.narrative_signature

    from normalized
    left join agency_names
        on normalized.normalized_agency_name = agency_names.normalized_agency_name

)

select * from final
