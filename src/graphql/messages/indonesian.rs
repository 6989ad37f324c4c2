//! The Indonesian messages of the catalogue (pesan dalam bahasa Indonesia), as the staff of the
//! Dinas and the kelurahan write them. Codes and enum values stay as they are on the wire.

use super::{Problem, Thing};
use crate::validate::Invalid;

fn thing(thing: Thing) -> &'static str {
    match thing {
        Thing::Group => "Kelompok usaha",
        Thing::Member => "Anggota",
        Thing::Product => "Produk",
        Thing::Listing => "Listing produk",
        Thing::AidProgram => "Program bantuan",
        Thing::Allocation => "Alokasi bantuan",
        Thing::Event => "Kegiatan",
        Thing::Lender => "Lembaga pembiayaan",
        Thing::Scheme => "Skema pembiayaan",
        Thing::Application => "Pengajuan pembiayaan",
    }
}

/// A validator's refusal.
fn invalid(invalid: &Invalid) -> String {
    let text = match invalid {
        Invalid::NikFormat => "NIK harus 16 digit",
        Invalid::NikRegion => {
            "kode wilayah pada NIK (digit 1–6) tidak valid: provinsi (digit 1–2) harus 11–96, dan kabupaten/kota \
             (digit 3–4) serta kecamatan (digit 5–6) tidak boleh 00"
        }
        Invalid::NikDate => {
            "tanggal lahir pada NIK (digit 7–12, tanggal ditambah 40 untuk perempuan) bukan tanggal yang benar"
        }
        Invalid::NikSerial => "nomor urut pada NIK (digit 13–16) harus 0001–9999, tidak boleh 0000",
        Invalid::Nib => "NIB harus 13 digit",
        Invalid::BarcodeFormat => "barcode EAN-13 harus 13 digit",
        Invalid::BarcodeCheckDigit { expected } => {
            return format!("digit pemeriksa barcode EAN-13 salah: seharusnya {expected}");
        }
        Invalid::Pirt => "nomor PIRT (SPP-IRT) harus 15 digit",
        Invalid::Bpom => "nomor izin edar BPOM harus diawali MD atau ML (huruf besar), diikuti 12 atau 15 digit",
        Invalid::Phone => {
            "nomor telepon harus nomor Indonesia: boleh diawali +62, 62 atau 0, lalu 8 sampai 13 digit yang tidak \
             diawali 0 (spasi dan tanda hubung boleh)"
        }
        Invalid::Required => "wajib diisi dan tidak boleh kosong",
        Invalid::TooLong { max, len } => return format!("teks paling panjang {max} karakter (saat ini {len})"),
        Invalid::InvalidText => {
            "teks tidak boleh berisi karakter kendali seperti pindah baris atau tab, maupun karakter pengatur arah \
             tulisan (U+202A–U+202E, U+2066–U+2069)"
        }
    };
    text.to_string()
}

pub(super) fn message(problem: &Problem) -> String {
    use Problem::*;
    let text = match problem {
        Invalid(refusal) => return invalid(refusal),
        NotFound { thing: what, id } => return format!("{} dengan id {id:?} tidak ditemukan", thing(*what)),
        NoKelurahan { code } => return format!("tidak ada kelurahan di Kota Palu dengan kode {code:?}"),
        GroupFoundedInFuture => "tanggal berdiri kelompok tidak boleh melewati hari ini",
        NikGenderMismatch => {
            "bagian tanggal lahir pada NIK menunjukkan jenis kelamin yang lain (untuk perempuan, tanggal lahir \
             ditambah 40)"
        }
        DuplicateNik => "NIK ini sudah terdaftar untuk anggota lain",
        NikNeedsReview => "NIK ini tidak dapat didaftarkan di sini; Dinas Koperasi dan UMKM (ADMIN) perlu memeriksanya",
        RoleTaken { role } => {
            return format!(
                "kelompok ini sudah memiliki {role}; satu kelompok memiliki satu CHAIR (ketua), satu SECRETARY \
                 (sekretaris) dan satu TREASURER (bendahara)"
            );
        }
        OfficeTaken => "jabatan ini sudah dipegang anggota lain dalam kelompok",
        GroupDissolved => "kelompok ini sudah bubar dan tidak menerima anggota baru",
        GroupFull { max } => return format!("satu kelompok (KUBE) beranggotakan paling banyak {max} orang"),
        OpenFinancing => {
            "anggota ini masih memiliki pengajuan pembiayaan yang berjalan; tarik atau selesaikan dulu pengajuan itu"
        }
        NegativeCapacity => "kapasitas produksi per bulan tidak boleh negatif",
        TooManyRegions { max } => return format!("wilayah pemasaran paling banyak {max}"),
        InvalidCertificateNumber => "nomor sertifikat terdiri dari 4 sampai 40 huruf, angka, spasi, '-', '/' atau '.'",
        NotRetailReady { gaps } => {
            let list: Vec<String> = gaps.iter().map(|gap| format!("{}: {}", gap.code, gap.indonesian)).collect();
            return format!("produk belum siap masuk ritel modern; {}", list.join("; "));
        }
        PermitExpiresBeforeIssued => "masa berlaku izin tidak boleh berakhir sebelum tanggal terbitnya",
        PermitIssuedInFuture => "tanggal terbit izin tidak boleh melewati hari ini",
        DuplicatePermit => "produk ini sudah memiliki izin tersebut",
        NoSuchPermit => "produk ini tidak memiliki izin tersebut",
        AssessmentInFuture => "tanggal penilaian tidak boleh melewati hari ini",
        AssessmentExpiresBeforeMade => "masa berlaku penilaian tidak boleh berakhir sebelum tanggal penilaian",
        AlreadyProposed => "produk ini sudah diajukan atau sudah dipajang di gerai ini",
        ListingStep { from, to } => {
            return format!(
                "listing berstatus {from} tidak dapat menjadi {to}; urutannya PROPOSED → LISTED → DELISTED, atau \
                 PROPOSED → DELISTED"
            );
        }
        ListingMoveInFuture => "status listing tidak dapat diubah untuk tanggal yang akan datang",
        ListingMoveBeforeProposed => "status listing tidak dapat diubah sebelum tanggal pengajuannya",
        InvalidYear { first, last } => return format!("tahun harus antara {first} dan {last}"),
        InvalidItems { max } => return format!("satu alokasi berisi 1 sampai {max} jenis barang"),
        InvalidQuantity { name } => return format!("jumlah {name:?} paling sedikit 1"),
        ValueTooLarge => "nilai barang terlalu besar",
        BudgetBelowAllocated => "anggaran tidak boleh lebih kecil dari yang sudah dialokasikan",
        OverrideNotAllowed => "hanya staf Dinas (ADMIN) yang boleh mengesampingkan pemeriksaan kesesuaian sektor",
        SectorMismatch { sector, group_sector, members, skills } => {
            let skills: Vec<String> = skills.iter().map(|(skill, n)| format!("{skill} ({n})")).collect();
            let skills = if skills.is_empty() { "belum ada yang dicatat".to_string() } else { skills.join(", ") };
            return format!(
                "{sector} tidak sesuai dengan sektor kelompok ({group_sector}) maupun keterampilan sedikitnya separuh \
                 dari {members} anggotanya (keterampilan: {skills})"
            );
        }
        BudgetExceeded { value, left, budget } => {
            return format!("nilai barang Rp{value}, padahal sisa anggaran hanya Rp{left} dari Rp{budget}");
        }
        DeliveryInFuture => "penyerahan tidak dapat dicatat untuk tanggal yang akan datang",
        AllocationNotPlanned { status } => return format!("alokasi ini sudah berstatus {status}"),
        MentorRequired => {
            "tetapkan pendamping sebelum penyerahan: bantuan tanpa pendampingan sering tidak terpakai atau dijual"
        }
        NotDelivered => "alokasi ini belum diserahkan",
        VisitInFuture => "kunjungan tidak dapat dicatat untuk tanggal yang akan datang",
        VisitBeforeDelivery => "tanggal kunjungan tidak boleh sebelum tanggal penyerahan",
        EventEndsBeforeStart => "kegiatan tidak boleh berakhir sebelum dimulai",
        NoSeats => "kuota peserta kegiatan paling sedikit 1",
        EventOver => "kegiatan sudah selesai",
        AlreadyRegistered => "anggota ini sudah terdaftar",
        EventFull { capacity } => return format!("kuota {capacity} peserta sudah penuh"),
        DayOutsideEvent => "tanggal itu bukan hari pelaksanaan kegiatan",
        AttendanceInFuture => "kehadiran tidak dapat dicatat sebelum harinya",
        NotRegistered => "anggota ini tidak terdaftar pada kegiatan tersebut",
        AlreadyRecorded => "kehadiran anggota pada hari itu sudah dicatat",
        LenderRecordsOwnSessions => {
            "token lembaga pembiayaan hanya mencatat sesi lembaga itu sendiri (providerKind LENDER)"
        }
        LenderRequired => "sebutkan lembaga pembiayaan yang memberikan sesi LENDER",
        LenderOnlyForLenderSession => {
            "lembaga pembiayaan hanya disebutkan untuk sesi yang diberikan lembaga pembiayaan (providerKind LENDER)"
        }
        SessionInFuture => "sesi pendampingan dicatat setelah dilaksanakan",
        InvalidEmail => "alamat e-mail tidak valid",
        InvalidRate => "suku bunga per tahun berupa persen dari 0 sampai 100 dengan paling banyak dua angka desimal",
        InvalidTenor { max } => return format!("jangka waktu terpanjang 1 sampai {max} bulan"),
        MinAmountTooSmall => "plafon terkecil paling sedikit Rp1",
        MaxBelowMin => "plafon terbesar tidak boleh lebih kecil dari plafon terkecil",
        DuplicateLenderName => "lembaga pembiayaan dengan nama ini sudah ada",
        DuplicateSchemeName => "lembaga ini sudah memiliki skema dengan nama ini",
        ApplicantRequired => "sebutkan pemohonnya: groupId atau memberId",
        TooManyApplicants => "satu pengajuan hanya memiliki satu pemohon: isi groupId atau memberId, tidak keduanya",
        SchemeInactive => "skema ini tidak menerima pengajuan baru",
        GroupsNotAccepted => "skema ini hanya untuk perorangan; anggota dapat mengajukan atas nama sendiri",
        GroupNotActive => "hanya kelompok berstatus ACTIVE yang boleh mengajukan",
        AmountOutOfRange { min, max } => return format!("skema ini memberi pembiayaan dari Rp{min} sampai Rp{max}"),
        TenorOutOfRange { max } => return format!("jangka waktu skema ini 1 sampai {max} bulan"),
        NoChair => "kelompok ini belum memiliki ketua (CHAIR), yang mengajukan atas nama kelompok",
        ClosedApplication { from } => {
            return format!("pengajuan berstatus {from} sudah ditutup dan tidak dapat diubah lagi");
        }
        ApplicationStep { from, next, to } => {
            return format!(
                "pengajuan berstatus {from} hanya dapat berpindah ke {}, tidak ke {to}",
                next.join(" atau ")
            );
        }
        AmountApprovedRequired => "isi jumlah yang disetujui (amountApproved) untuk menyetujui pengajuan",
        AmountApprovedOutOfRange { requested, min, max } => {
            return format!(
                "jumlah yang disetujui paling banyak Rp{requested} yang diajukan dan harus dalam rentang skema, \
                 Rp{min} sampai Rp{max}"
            );
        }
        AmountApprovedNotAllowed => "jumlah yang disetujui hanya diisi saat menyetujui pengajuan",
        DuplicateInFile { first_row } => return format!("sama dengan baris {first_row} pada berkas"),
        TooFewMembers { min, count } => {
            return format!(
                "kelompok (KUBE) beranggota paling sedikit {min} orang; kelompok ini akan beranggota {count}"
            );
        }
        InconsistentGroup { first_row } => {
            return format!("kolom kelompok ini berbeda dengan baris {first_row}, tempat kelompok pertama muncul");
        }
        ConflictingRow => {
            "registri sudah memuat data ini dengan isi lain; impor hanya menambah, jadi perbaiki lewat mutasi \
             update"
        }
        OutsideKelurahan => "baris ini milik kelurahan di luar wilayah token",
        InvalidValue { expected } => return format!("seharusnya {expected}"),
        NoGroup => {
            "tidak ada kelompok usaha dengan nomor registrasi, atau kode kelurahan dan nama kelompok, pada baris ini"
        }
        MissingColumn { column } => return format!("baris judul tidak memuat kolom {column:?}"),
        InvalidFile { detail } => return format!("berkas bukan berkas CSV yang dapat dibaca: {detail}"),
    };
    text.to_string()
}
