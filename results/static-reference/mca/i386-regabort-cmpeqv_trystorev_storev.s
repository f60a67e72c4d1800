	mov $0x80e5ed4,%ecx
	movl $0x804a242,0x8(%esi)
	cmp %edi,0x4(%ebx)
	jne .Lout
	mov (%esp),%eax
	cmp %eax,0x0(%ebp)
	jne .Lout
	mov 0x4(%esp),%eax
	mov $0xa,%edx
	mov %edx,(%eax)
	mov 0x8(%esp),%eax
	mov %eax,0x0(%ebp)
	movl $0x0,0x8(%esi)
.Lout:
