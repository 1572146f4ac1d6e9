import type { PaperClassification } from '@ecabinet/shared/contracts';
import { ReportWriter } from '@ecabinet/api/pdf';

/** A sample paper of the demo meeting: which agenda item (by title) and what it says. */
export interface DemoPaper {
  itemTitle: string;
  title: string;
  fileName: string;
  classification: PaperClassification;
  /** Named readers (usernames) of a restricted or confidential paper. */
  readers?: string[];
  /** One section per page: a heading and its paragraphs. */
  sections: { heading: string; paragraphs: string[] }[];
}

const RISKS = [
  'Giá cả một số mặt hàng thiết yếu có xu hướng tăng vào dịp cuối năm, ảnh hưởng đến chi phí sinh hoạt của người dân.',
  'Tiến độ giải ngân vốn đầu tư công tại một số bộ, ngành và địa phương còn chậm so với kế hoạch được giao.',
  'Thị trường xuất khẩu chịu tác động của biến động địa chính trị và chính sách thương mại của các đối tác lớn.',
  'Thủ tục hành chính trong một số lĩnh vực vẫn còn phức tạp, chi phí tuân thủ của doanh nghiệp chưa giảm tương xứng.',
];

/** Fictional figures and wording, for the demo only. */
export const DEMO_PAPERS: readonly DemoPaper[] = [
  {
    itemTitle: 'Báo cáo tình hình kinh tế - xã hội tháng 11 và 11 tháng năm 2026',
    title: 'Báo cáo tình hình kinh tế - xã hội tháng 11 năm 2026',
    fileName: 'bao-cao-kt-xh-thang-11-2026.pdf',
    classification: 'normal',
    sections: [
      {
        heading: 'I. TÌNH HÌNH KINH TẾ VĨ MÔ',
        paragraphs: [
          'Kinh tế vĩ mô tiếp tục ổn định, lạm phát được kiểm soát; chỉ số giá tiêu dùng bình quân 11 tháng tăng 3,4% so với cùng kỳ.',
          'Các cân đối lớn của nền kinh tế được bảo đảm; thu ngân sách nhà nước 11 tháng ước đạt 96% dự toán năm.',
          'Quyết định điều hành lãi suất phù hợp đã hỗ trợ doanh nghiệp tiếp cận vốn; tín dụng toàn nền kinh tế tăng 12,1%.',
        ],
      },
      {
        heading: 'II. SẢN XUẤT KINH DOANH',
        paragraphs: [
          'Sản xuất công nghiệp phục hồi rõ nét; chỉ số sản xuất toàn ngành tăng 8,2% so với cùng kỳ năm trước.',
          'Khu vực nông nghiệp giữ vững vai trò bệ đỡ; xuất khẩu nông, lâm, thủy sản đạt mức cao nhất từ trước đến nay.',
          'Số doanh nghiệp thành lập mới và quay trở lại hoạt động tăng 9,6%, cho thấy niềm tin của cộng đồng doanh nghiệp được củng cố.',
        ],
      },
      {
        heading: 'III. KHÓ KHĂN, THÁCH THỨC',
        paragraphs: RISKS,
      },
      {
        heading: 'IV. NHIỆM VỤ, GIẢI PHÁP THÁNG 12',
        paragraphs: [
          'Tập trung tháo gỡ vướng mắc, đẩy nhanh giải ngân vốn đầu tư công; quyết định điều chuyển vốn của các dự án chậm tiến độ.',
          'Bảo đảm cân đối cung cầu, bình ổn giá các mặt hàng thiết yếu dịp Tết Nguyên đán.',
          'Đẩy mạnh cải cách thủ tục hành chính, chuyển đổi số trong chỉ đạo, điều hành của Chính phủ.',
        ],
      },
    ],
  },
  {
    itemTitle: 'Dự án Luật sửa đổi, bổ sung một số điều của Luật Ngân sách nhà nước',
    title: 'Tờ trình dự án Luật sửa đổi, bổ sung một số điều của Luật Ngân sách nhà nước',
    fileName: 'to-trinh-luat-ngan-sach.pdf',
    classification: 'normal',
    sections: [
      {
        heading: 'I. SỰ CẦN THIẾT BAN HÀNH LUẬT',
        paragraphs: [
          'Sau nhiều năm thi hành, Luật Ngân sách nhà nước đã bộc lộ một số hạn chế trong phân cấp nguồn thu, nhiệm vụ chi.',
          'Việc sửa đổi nhằm tăng quyền chủ động của địa phương, nâng cao hiệu quả sử dụng ngân sách.',
        ],
      },
      {
        heading: 'II. NỘI DUNG CHÍNH CỦA DỰ ÁN LUẬT',
        paragraphs: [
          'Sửa đổi quy định về phân cấp nguồn thu giữa ngân sách trung ương và ngân sách địa phương.',
          'Bổ sung cơ chế quyết định dự toán ngân sách theo kết quả đầu ra đối với một số nhiệm vụ chi.',
          'Hoàn thiện quy định về sử dụng dự phòng ngân sách và quỹ dự trữ tài chính.',
        ],
      },
      {
        heading: 'III. Ý KIẾN CỦA CÁC BỘ, NGÀNH',
        paragraphs: ['Bộ Tư pháp đã thẩm định; các ý kiến góp ý đã được tiếp thu, giải trình đầy đủ tại Báo cáo kèm theo.'],
      },
    ],
  },
  {
    itemTitle: 'Phương án điều chỉnh giá bán lẻ điện bình quân',
    title: 'Phương án điều chỉnh giá bán lẻ điện bình quân (tài liệu mật)',
    fileName: 'phuong-an-gia-dien.pdf',
    classification: 'confidential',
    readers: ['chair', 'member1', 'member2', 'member3', 'member4'],
    sections: [
      {
        heading: 'I. CĂN CỨ ĐỀ XUẤT',
        paragraphs: [
          'Chi phí mua điện và chi phí phát điện tăng do biến động giá nhiên liệu đầu vào trong năm 2026.',
          'Cơ chế điều chỉnh giá bán lẻ điện bình quân theo quyết định hiện hành cho phép điều chỉnh khi chi phí đầu vào biến động.',
        ],
      },
      {
        heading: 'II. CÁC PHƯƠNG ÁN',
        paragraphs: [
          'Phương án 1: điều chỉnh tăng 3% từ ngày 01/12/2026.',
          'Phương án 2: điều chỉnh tăng 4,5% chia làm hai đợt, đợt đầu từ quý II năm 2027.',
          'Tác động đến chỉ số giá tiêu dùng ước tính từ 0,08 đến 0,12 điểm phần trăm.',
        ],
      },
    ],
  },
];

/** The paper as a PDF: a title block, then one section per page, in Noto Sans (Vietnamese). */
export async function renderDemoPaper(paper: DemoPaper): Promise<Uint8Array> {
  const writer = await ReportWriter.create(paper.title);
  paper.sections.forEach((section, index) => {
    if (index === 0) {
      writer.text('CHÍNH PHỦ', { bold: true, size: 11, align: 'center' });
      writer.text('Cộng hòa xã hội chủ nghĩa Việt Nam — Độc lập - Tự do - Hạnh phúc', { size: 9, align: 'center' });
      writer.gap(16);
      writer.text(paper.title.toUpperCase(), { bold: true, size: 14, align: 'center' });
      writer.gap(12);
    } else {
      writer.pageBreak();
    }
    writer.text(section.heading, { bold: true, size: 12 });
    writer.gap(6);
    for (const paragraph of section.paragraphs) {
      writer.text(paragraph, { size: 11, indent: 12 });
      writer.gap(6);
    }
  });
  return writer.finish('Tài liệu mẫu của e-Cabinet (dữ liệu minh họa)');
}
